import type { Insertable } from 'kysely';
import type { BillRecordsTable } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { chinaCycleAndDay } from './subscription-calendar.ts';

/**
 * Bill records, one per resource per money event, built from what moved. Pure. Refund rows carry
 * negative amounts. The amounts satisfy official = discount + erase + consume and consume = cash +
 * credit + coupon (+ the other sources, zero here), which the table also checks.
 */

/** 1 new purchase, 2 renewal, 4 unsubscribe refund, 8 auto-renewal, 24 yearly/monthly to on-demand refund. */
export type BillType = 1 | 2 | 4 | 8 | 24;

export interface BillResource {
  id: string;
  parentId: string | null;
  serviceTypeCode: string;
  resourceTypeCode: string;
  regionCode: string;
  specCode: string;
  productId: string;
  resourceSize: number | null;
  sizeMeasureId: number | null;
}

export interface BillSource {
  billType: BillType;
  customerId: string;
  partnerId: string | null;
  orderId: string;
  lineItemId: string | null;
  resource: BillResource;
  /** The order's period unit: 2 month, 3 year (bill period types 20 and 19). */
  periodType: number | null;
  periodNum: number | null;
  effectiveTime: string | null;
  expireTime: string | null;
  official: Fen;
  cash: Fen;
  credit: Fen;
  coupon: Fen;
  discountType: number | null;
  at: Date;
}

const BILL_PERIOD_TYPE: Record<number, number> = { 2: 20, 3: 19 };

export function billRow(id: string, s: BillSource): Insertable<BillRecordsTable> {
  const consume = s.cash + s.credit + s.coupon;
  const { cycle, day } = chinaCycleAndDay(s.at);
  return {
    id,
    customer_id: s.customerId,
    partner_id: s.partnerId,
    bill_type: s.billType,
    charge_mode: 1,
    trade_id: s.orderId,
    order_id: s.orderId,
    line_item_id: s.lineItemId,
    resource_id: s.resource.id,
    parent_resource_id: s.resource.parentId,
    service_type_code: s.resource.serviceTypeCode,
    resource_type_code: s.resource.resourceTypeCode,
    region_code: s.resource.regionCode,
    spec_code: s.resource.specCode,
    product_id: s.resource.productId,
    resource_size: s.resource.resourceSize,
    size_measure_id: s.resource.sizeMeasureId,
    period_type: s.periodType !== null ? (BILL_PERIOD_TYPE[s.periodType] ?? null) : null,
    period_num: s.periodNum,
    effective_time: s.effectiveTime,
    expire_time: s.expireTime,
    official_amount: s.official,
    discount_amount: s.official - consume,
    erase_amount: 0n,
    consume_amount: consume,
    cash_amount: s.cash,
    credit_amount: s.credit,
    coupon_amount: s.coupon,
    flexipurchase_coupon_amount: 0n,
    stored_card_amount: 0n,
    bonus_amount: 0n,
    debt_amount: 0n,
    writeoff_amount: 0n,
    discount_type: s.discountType,
    payment_status: 1,
    trade_time: s.at.toISOString(),
    bill_cycle: cycle,
    bill_date: day,
    created_at: s.at.toISOString(),
  };
}
