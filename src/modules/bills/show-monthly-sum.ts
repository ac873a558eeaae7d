import type { BillSumRecordInfoV2, ShowCustomerMonthlySumResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmount } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { sumAmounts, type BillAmounts } from './bill-amounts.ts';
import { checkLookBack, parseCycle } from './bill-calendar.ts';
import { allOf, customerScope, given, projectFilter } from './bill-query.ts';
import { CURRENCY, loadBillNames, MEASURE_YUAN, type Language } from './bill-views.ts';
import { sumBills, sumUsageCycles } from './bills.repo.ts';

export interface MonthlySumQuery {
  bill_cycle: string;
  service_type_code?: string | null;
  enterprise_project_id?: string | null;
  offset?: number | null;
  limit?: number | null;
  method?: string | null;
  sub_customer_id?: string | null;
}

interface SumLine {
  customerId: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  chargeMode: number;
  /** 1 consumption, 2 refund, 3 adjustment. */
  billType: number;
  amounts: BillAmounts;
}

/**
 * A customer's month summed per service, resource type, charge mode and kind of bill
 * (show_customer_monthly_sum): up to 3 years back, limit 1..1000. Prepaid records are summed from
 * bill_records; on-demand usage from the running sums rating keeps. The totals cover every line,
 * not only the page, and equal the sum of the month's fee records.
 */
export async function showMonthlySum(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: MonthlySumQuery, language: Language): Promise<ShowCustomerMonthlySumResponse> {
  const page = pageOf(q, 1000);
  const cycle = parseCycle(q.bill_cycle, 'bill_cycle');
  checkLookBack(cycle, deps.clock.now(), 36, 'bill_cycle');
  const scope = allOf(customerScope(caller, q.method, q.sub_customer_id), projectFilter(q.enterprise_project_id));
  const service = given(q.service_type_code) ? q.service_type_code : undefined;
  const db = deps.db.kysely;
  const lines: SumLine[] = [];
  if (!scope.nothing) {
    const filter = allOf(scope, { cycle, exceptUsage: true }, service !== undefined ? { serviceTypeCode: service } : {});
    const [records, usage] = await Promise.all([
      sumBills(db, filter, ['customer_id', 'service_type_code', 'resource_type_code', 'charge_mode', 'sum_type']),
      sumUsageCycles(db, scope.customerIds ?? [], cycle, service),
    ]);
    for (const g of records) {
      lines.push({
        customerId: String(g.key.customer_id),
        serviceTypeCode: String(g.key.service_type_code),
        resourceTypeCode: String(g.key.resource_type_code),
        chargeMode: Number(g.key.charge_mode),
        billType: Number(g.key.sum_type),
        amounts: g.amounts,
      });
    }
    for (const u of usage) lines.push({ customerId: u.customerId, serviceTypeCode: u.serviceTypeCode, resourceTypeCode: u.resourceTypeCode, chargeMode: 3, billType: 1, amounts: u.amounts });
  }
  lines.sort((a, b) => cmp(a.customerId, b.customerId) || cmp(a.serviceTypeCode, b.serviceTypeCode) || cmp(a.resourceTypeCode, b.resourceTypeCode) || a.chargeMode - b.chargeMode || a.billType - b.billType);
  const shown = lines.slice(page.offset, page.offset + page.limit);
  const names = await loadBillNames(db, language, shown.map((l) => ({ ...l, regionCode: '', specCode: '', resourceId: null })));
  const total = sumAmounts(lines.map((l) => l.amounts));
  const y = formatAmount;
  return {
    total_count: lines.length,
    bill_sums: shown.map((l): BillSumRecordInfoV2 => ({
      bill_cycle: cycle,
      resource_type_code: l.resourceTypeCode,
      service_type_code: l.serviceTypeCode,
      service_type_name: names.service(l.serviceTypeCode),
      resource_type_name: names.resourceType(l.resourceTypeCode),
      charging_mode: l.chargeMode,
      official_amount: y(l.amounts.official),
      official_discount_amount: y(l.amounts.discount),
      truncated_amount: y(l.amounts.erase),
      consume_amount: y(l.amounts.consume),
      coupon_amount: y(l.amounts.coupon),
      flexipurchase_coupon_amount: y(l.amounts.flexipurchaseCoupon),
      stored_value_card_amount: y(l.amounts.storedCard),
      debt_amount: y(l.amounts.debt),
      writeoff_amount: y(l.amounts.writeoff),
      cash_amount: y(l.amounts.cash),
      credit_amount: y(l.amounts.credit),
      measure_id: MEASURE_YUAN,
      bill_type: l.billType,
      customer_id: l.customerId,
      account_name: names.account(l.customerId),
    })),
    consume_amount: y(total.consume),
    debt_amount: y(total.debt),
    coupon_amount: y(total.coupon),
    flexipurchase_coupon_amount: y(total.flexipurchaseCoupon),
    stored_value_card_amount: y(total.storedCard),
    cash_amount: y(total.cash),
    credit_amount: y(total.credit),
    writeoff_amount: y(total.writeoff),
    measure_id: MEASURE_YUAN,
    currency: CURRENCY,
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
