import type { Insertable } from 'kysely';
import type { BillRecordsTable } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { cycleBounds, lastDayOf } from './usage-calendar.ts';

/** Bill types of on-demand usage (brief §7.3): 5 consumption-usage, 25 truncation make-up charge. */
export const BILL_TYPE_USAGE = 5;
export const BILL_TYPE_MAKEUP = 25;
/** Bill period types: 25 hour, 20 month. */
export const PERIOD_HOUR = 25;
export const PERIOD_MONTH = 20;

const ZERO_SOURCES = { coupon_amount: 0n, flexipurchase_coupon_amount: 0n, stored_card_amount: 0n, bonus_amount: 0n, writeoff_amount: 0n, erase_amount: 0n } as const;

// The bill record of a rated line (type 5) is derived from the line in SQL:
// insertRatedLinesAndBills (usage.repo.ts) holds that mapping.

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
