import type { ListCustomerBillsMonthlyBreakDownResponse, NvlCostAnalysedBillDetail } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmount } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { shareOfMonth } from './amortize.ts';
import { addCycles, checkLookBack, cycleStart, parseCycle } from './bill-calendar.ts';
import { allOf, BILL_TYPES, CHARGE_MODES, codeOf, customerScope, given, projectFilter } from './bill-query.ts';
import { CURRENCY, DEFAULT_PROJECT, loadBillNames, type Language } from './bill-views.ts';
import { countBills, listBills } from './bills.repo.ts';
import { huaweiUtc } from '../../platform/time-format.ts';

export interface MonthlyBreakdownQuery {
  shared_month: string;
  service_type_code?: string | null;
  resource_type_code?: string | null;
  region_code?: string | null;
  charging_mode?: number | null;
  bill_type?: number | null;
  offset?: number | null;
  limit?: number | null;
  resource_id?: string | null;
  resource_name?: string | null;
  enterprise_project_id?: string | null;
  method?: string | null;
  sub_customer_id?: string | null;
}

/**
 * A month's amortised cost (list_customer_bills_monthly_break_down): every record whose cost falls
 * in the month. A prepaid record is spread over the time it paid for (refunds over the time they
 * gave back), so it appears in each month of its term with what was spread before, in and after
 * the month; other records fall wholly in their bill cycle. consume = past + current + future, and
 * the current part is the sum of its amortised payment parts. Up to 18 months back; limit 1..1000.
 */
export async function listMonthlyBreakdown(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: MonthlyBreakdownQuery, language: Language): Promise<ListCustomerBillsMonthlyBreakDownResponse> {
  const page = pageOf(q, 1000);
  const month = parseCycle(q.shared_month, 'shared_month');
  checkLookBack(month, deps.clock.now(), 18, 'shared_month');
  const chargeMode = codeOf(q.charging_mode, 'charging_mode', CHARGE_MODES);
  const billType = codeOf(q.bill_type, 'bill_type', BILL_TYPES);
  const filter = allOf(
    { amortizedInto: { from: cycleStart(month).toISOString(), to: cycleStart(addCycles(month, 1)).toISOString(), cycles: [month] } },
    typeof q.service_type_code === 'string' ? { serviceTypeCode: q.service_type_code } : {},
    typeof q.resource_type_code === 'string' ? { resourceTypeCode: q.resource_type_code } : {},
    given(q.region_code) ? { regionCode: q.region_code } : {},
    given(q.resource_id) ? { resourceId: q.resource_id } : {},
    given(q.resource_name) ? { resourceName: q.resource_name } : {},
    chargeMode !== undefined ? { chargeMode } : {},
    billType !== undefined ? { billTypes: [billType] } : {},
    customerScope(caller, q.method, q.sub_customer_id),
    projectFilter(q.enterprise_project_id),
  );
  const db = deps.db.kysely;
  const [total, rows] = await Promise.all([countBills(db, filter), listBills(db, filter, page)]);
  const names = await loadBillNames(db, language, rows);
  const y = formatAmount;
  return {
    currency: CURRENCY,
    total_count: total,
    details: rows.map((r): NvlCostAnalysedBillDetail => {
      const share = shareOfMonth(r, month);
      const c = share.current;
      return {
        shared_month: month,
        bill_cycle: r.billCycle,
        bill_type: r.billType,
        customer_id: r.customerId,
        region_code: r.regionCode,
        region_name: names.region(r.regionCode),
        service_type_code: r.serviceTypeCode,
        resource_type_code: r.resourceTypeCode,
        service_type_name: names.service(r.serviceTypeCode),
        resource_type_name: names.resourceType(r.resourceTypeCode),
        ...(r.chargeMode === 3 && r.effectiveTime ? { effective_time: huaweiUtc(r.effectiveTime) } : {}),
        ...(r.chargeMode === 3 && r.expireTime ? { expire_time: huaweiUtc(r.expireTime) } : {}),
        resource_id: r.resourceId ?? undefined,
        resource_name: names.resource(r.resourceId),
        product_spec_desc: r.specCode ? names.spec(r.serviceTypeCode, r.resourceTypeCode, r.specCode) : undefined,
        enterprise_project_id: DEFAULT_PROJECT.id,
        enterprise_project_name: DEFAULT_PROJECT.name,
        charging_mode: r.chargeMode,
        ...(r.orderId ? { order_id: r.orderId } : {}),
        ...(r.periodType !== null ? { period_type: r.periodType } : {}),
        consume_amount: y(r.amounts.consume),
        past_months_amortized_amount: y(share.past.consume),
        current_month_amortized_amount: y(c.consume),
        future_months_amortized_amount: y(share.future.consume),
        amortized_cash_amount: y(c.cash),
        amortized_credit_amount: y(c.credit),
        amortized_coupon_amount: y(c.coupon),
        amortized_flexipurchase_coupon_amount: y(c.flexipurchaseCoupon),
        amortized_stored_value_card_amount: y(c.storedCard),
        amortized_bonus_amount: y(c.bonus),
      };
    }),
  };
}
