import type { Insertable } from 'kysely';
import type { BillRecordsTable, UsageRatedLinesTable } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { cycleBounds, lastDayOf } from './usage-calendar.ts';

/** Bill types of on-demand usage (brief §7.3): 5 consumption-usage, 25 truncation make-up charge. */
export const BILL_TYPE_USAGE = 5;
export const BILL_TYPE_MAKEUP = 25;
/** Bill period types: 25 hour, 20 month. */
const PERIOD_HOUR = 25;
const PERIOD_MONTH = 20;

const ZERO_SOURCES = { coupon_amount: 0n, flexipurchase_coupon_amount: 0n, stored_card_amount: 0n, bonus_amount: 0n, writeoff_amount: 0n, erase_amount: 0n } as const;

/** The bill record of a rated line (its id is the line's bill_record_id). Pure. */
export function usageBillRow(line: Insertable<UsageRatedLinesTable>, at: string): Insertable<BillRecordsTable> {
  const debt = BigInt(line.debt_amount ?? 0);
  return {
    id: line.bill_record_id,
    customer_id: line.customer_id,
    partner_id: line.partner_id ?? null,
    bill_type: BILL_TYPE_USAGE,
    charge_mode: 3,
    trade_id: line.id,
    order_id: '',
    line_item_id: null,
    resource_id: line.resource_id,
    parent_resource_id: null,
    service_type_code: line.service_type_code,
    resource_type_code: line.resource_type_code,
    region_code: line.region_code,
    spec_code: line.spec_code,
    product_id: line.product_id,
    resource_size: line.resource_size ?? null,
    size_measure_id: line.size_measure_id ?? null,
    period_type: line.kind === 'p95' ? PERIOD_MONTH : PERIOD_HOUR,
    period_num: 1,
    effective_time: line.period_start,
    expire_time: line.period_end,
    official_amount: line.official_amount!,
    discount_amount: line.discount_amount!,
    consume_amount: line.consume_amount!,
    cash_amount: line.cash_amount!,
    credit_amount: line.credit_amount!,
    debt_amount: debt,
    ...ZERO_SOURCES,
    discount_type: line.discount_type ?? null,
    payment_status: debt > 0n ? 2 : 1,
    trade_time: at,
    bill_cycle: line.bill_cycle,
    bill_date: line.bill_date,
    created_at: at,
  };
}

export interface MakeupSource {
  id: string;
  customerId: string;
  partnerId: string | null;
  cycle: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  regionCode: string;
  cash: Fen;
  credit: Fen;
  debt: Fen;
  at: string;
}

/** The month's truncation make-up (bill type 25): the sub-fen rests of its lines, charged once. Pure. */
export function makeupBillRow(s: MakeupSource): Insertable<BillRecordsTable> {
  const consume = s.cash + s.credit + s.debt;
  const { start, end } = cycleBounds(s.cycle);
  return {
    id: s.id,
    customer_id: s.customerId,
    partner_id: s.partnerId,
    bill_type: BILL_TYPE_MAKEUP,
    charge_mode: 3,
    trade_id: `MAKEUP:${s.customerId}:${s.cycle}`,
    order_id: '',
    line_item_id: null,
    resource_id: null,
    parent_resource_id: null,
    service_type_code: s.serviceTypeCode,
    resource_type_code: s.resourceTypeCode,
    region_code: s.regionCode,
    spec_code: '',
    product_id: '',
    resource_size: null,
    size_measure_id: null,
    period_type: PERIOD_MONTH,
    period_num: 1,
    effective_time: start.toISOString(),
    expire_time: end.toISOString(),
    official_amount: consume,
    discount_amount: 0n,
    consume_amount: consume,
    cash_amount: s.cash,
    credit_amount: s.credit,
    debt_amount: s.debt,
    ...ZERO_SOURCES,
    discount_type: null,
    payment_status: s.debt > 0n ? 2 : 1,
    trade_time: s.at,
    bill_cycle: s.cycle,
    bill_date: lastDayOf(s.cycle),
    created_at: s.at,
  };
}
