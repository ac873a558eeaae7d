import type { Deps } from '../../platform/deps.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { invalidParameter } from './bills.errors.ts';
import { listConsumeSubCustomers } from './list-consume-sub-customers.ts';
import { listCosts } from './list-costs.ts';
import { listFeeRecords } from './list-fee-records.ts';
import { listFreeResourceInfos, listFreeResourceUsages } from './list-free-resources.ts';
import { listFreeResourceRecords } from './list-free-resource-records.ts';
import { listMonthlyBreakdown } from './list-monthly-breakdown.ts';
import { listResourceDetails } from './list-resource-details.ts';
import { listResourceRecords } from './list-resource-records.ts';
import { listResourceUsage, listResourceUsageSummary } from './list-resource-usage.ts';
import { listSubCustomerBillDetail } from './list-sub-customer-bill-detail.ts';
import { listSubcustomerMonthlyBills } from './list-subcustomer-monthly-bills.ts';
import { showMonthlySum } from './show-monthly-sum.ts';

/** The request body, or CBC.0100 when an operation that needs one got none. */
function bodyOf<T>(body: T | undefined): T {
  if (body === undefined || body === null) throw invalidParameter('body is required');
  return body;
}

/** The partner API's bill, cost, resource-package and usage reads. Reads deps only when called. */
export function billsHandlers(deps: Deps): OperationHandlers {
  return {
    list_customer_bills_fee_records: async ({ caller, query, language }) => listFeeRecords(deps, caller, query, language),
    show_customer_monthly_sum: async ({ caller, query }) => showMonthlySum(deps, caller, query, 'zh_CN'),
    list_customerself_resource_records: async ({ caller, query, language }) => listResourceRecords(deps, caller, query, language),
    list_customerself_resource_record_details: async ({ caller, body, language }) => listResourceDetails(deps, caller, bodyOf(body), language),
    list_customer_bills_monthly_break_down: async ({ caller, query, language }) => listMonthlyBreakdown(deps, caller, query, language),
    list_costs: async ({ caller, body }) => listCosts(deps, caller, bodyOf(body)),
    list_subcustomer_monthly_bills: async ({ caller, query }) => listSubcustomerMonthlyBills(deps, caller, query),
    list_sub_customer_bill_detail: async ({ caller, query, language }) => listSubCustomerBillDetail(deps, caller, query, language),
    list_consume_sub_customers: async ({ caller, body }) => listConsumeSubCustomers(deps, caller, bodyOf(body)),
    list_free_resource_infos: async ({ caller, body, language }) => listFreeResourceInfos(deps, caller, body ?? {}, language),
    list_free_resource_usages: async ({ caller, body }) => listFreeResourceUsages(deps, caller, bodyOf(body)),
    list_free_resources_usage_records: async ({ caller, query }) => listFreeResourceRecords(deps, caller, query),
    list_resource_usage: async ({ caller, query }) => listResourceUsage(deps, caller, query),
    list_resource_usage_summary: async ({ caller, query }) => listResourceUsageSummary(deps, caller, query),
  };
}
