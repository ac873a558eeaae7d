import type { Insertable, Transaction } from 'kysely';
import type { BillRecordsTable, DB, OrderLineItemsTable, RefundItemsTable } from '../../platform/db/schema.ts';
import type { Ids } from '../../platform/ids.ts';
import { postCustomerTrade } from '../funds/index.ts';
import { BalanceType } from '../ledger/index.ts';
import { billRow } from './bill-rows.ts';
import type { CouponPort } from './coupon-port.ts';
import { findCustomerPartner, findOrder, findOrderCoupons, findSubOrders, insertLines, insertOrders } from './orders.repo.ts';
import { toFen } from '../../platform/money.ts';
import { fill } from './plan-payment.ts';
import type { RefundPlan } from './plan-refund.ts';
import { lineIdOf, ORDER_ID_PREFIX } from './place-order.ts';
import { insertBillRecords, insertRefundItems } from './records.repo.ts';
import { findPeriods, markPeriodRefunded, type ResourceRow } from './resources.repo.ts';

export interface RefundExecution {
  trx: Transaction<DB>;
  ids: Ids;
  coupons: CouponPort;
  now: Date;
  customerId: string;
  /** The main resource first, then its children. */
  resources: readonly ResourceRow[];
  plan: RefundPlan;
  /** 4 unsubscribe, 10 yearly/monthly to on-demand. */
  orderType: 4 | 10;
  userName: string;
  initiatorId: string;
}

/**
 * Carries out a refund plan in the caller's transaction: a completed refund order (type 4 or 10)
 * with a line per resource, the money back to the balances it came from (one journal entry, ref
 * REFUND:<order>), the coupons' part back to them, each period marked refunded (once), the refund
 * details (refund negative, consumed and fee positive, per original order) and the bill records
 * (type 4 or 24, negative). Returns the refund order's id.
 */
export async function executeRefund(x: RefundExecution): Promise<string> {
  const at = x.now.toISOString();
  const orderId = x.ids.prefixed(ORDER_ID_PREFIX);
  const main = x.resources[0]!;
  const byResource = (id: string) => x.plan.periods.filter((p) => p.resourceId === id);
  const back = (id: string) => byResource(id).reduce((a, p) => a + p.cash + p.credit, 0n);
  const refund = x.plan.cash + x.plan.credit;
  await insertOrders(x.trx, [
    {
      id: orderId,
      customer_id: x.customerId,
      parent_id: null,
      is_combined: 0,
      order_type: x.orderType,
      source_type: 1,
      status: 5,
      service_type_code: main.serviceTypeCode,
      official_amount: refund,
      amount_after_discount: refund,
      discount_id: null,
      discount_type: null,
      coupon_amount: x.plan.coupon,
      cash_amount: x.plan.cash,
      credit_amount: x.plan.credit,
      commission_amount: x.orderType === 4 ? x.plan.fee : null,
      consumed_amount: x.orderType === 4 ? x.plan.consumed : null,
      user_name: x.userName,
      created_at: at,
      payment_time: at,
      updated_at: at,
    },
  ]);
  const lines: Insertable<OrderLineItemsTable>[] = x.resources.map((r, i) => ({
    id: lineIdOf(orderId, i + 1),
    order_id: orderId,
    seq: i + 1,
    line_key: r.id,
    parent_line_id: i === 0 ? null : lineIdOf(orderId, 1),
    resource_id: r.id,
    is_main: r.isMain ? 1 : 0,
    service_type_code: r.serviceTypeCode,
    resource_type_code: r.resourceTypeCode,
    spec_code: r.specCode,
    region_code: r.regionCode,
    product_id: r.productId,
    resource_size: r.resourceSize,
    size_measure_id: r.sizeMeasureId,
    period_type: r.periodType,
    period_num: null,
    subscription_num: 1,
    official_amount: back(r.id),
    amount_after_discount: back(r.id),
    coupon_amount: byResource(r.id).reduce((a, p) => a + p.coupon, 0n),
    resource_name: r.resourceName,
    project_id: r.projectId,
    effective_time: at,
  }));
  await insertLines(x.trx, lines);
  await postCustomerTrade(x.trx, {
    kind: x.orderType === 4 ? 'unsubscribe_refund' : 'refund',
    ref: `REFUND:${orderId}`,
    tradeId: orderId,
    customerId: x.customerId,
    initiatorId: x.initiatorId,
    at,
    parts: [
      { balanceType: BalanceType.cash, amount: x.plan.cash },
      { balanceType: BalanceType.credit, amount: x.plan.credit },
    ],
  });
  await giveCouponsBack(x, orderId);
  for (const p of x.plan.periods) {
    if (!(await markPeriodRefunded(x.trx, p.periodId, { cash: p.cash, credit: p.credit, coupon: p.coupon }, orderId))) throw new Error(`period ${p.periodId} was refunded already`);
  }
  await insertRefundItems(x.trx, refundItems(x, orderId));
  await insertBillRecords(x.trx, await billRows(x, orderId));
  return orderId;
}

/**
 * The coupons that paid an order get back their share, in the order they paid, after what earlier
 * refunds returned. Coupons pay for a whole (possibly combined) order, so shares are summed per
 * paid order: the combined order of a sub-order's period.
 */
async function giveCouponsBack(x: RefundExecution, refundOrderId: string): Promise<void> {
  const paidOrderOf = new Map<string, string>();
  for (const p of x.plan.periods.filter((q) => q.coupon > 0n)) {
    if (!paidOrderOf.has(p.orderId)) paidOrderOf.set(p.orderId, (await findOrder(x.trx, p.orderId))?.parentId ?? p.orderId);
  }
  for (const paidOrderId of new Set(paidOrderOf.values())) {
    const orderIds = [...paidOrderOf.entries()].filter(([, top]) => top === paidOrderId).map(([id]) => id);
    const amount = x.plan.periods.filter((p) => orderIds.includes(p.orderId)).reduce((a, p) => a + p.coupon, 0n);
    const family = [paidOrderId, ...(await findSubOrders(x.trx, paidOrderId)).map((o) => o.id)];
    const earlier = (await x.trx.selectFrom('subscription_periods').select(['refunded_coupon']).where('order_id', 'in', family).where('refund_order_id', 'is not', null).execute()).reduce(
      (a, r) => a + toFen(r.refunded_coupon),
      0n,
    );
    const paidTo = await findOrderCoupons(x.trx, paidOrderId);
    const [, now] = fill([earlier, amount], paidTo.map((c) => c.amount));
    const amounts = paidTo.map((c, i) => ({ id: c.couponId, amount: now![i]! })).filter((a) => a.amount > 0n);
    if (amounts.length) await x.coupons.giveBack(x.trx, { orderId: paidOrderId, refundId: refundOrderId, at: x.now.toISOString(), amounts, initiatorId: x.initiatorId });
  }
}

function refundItems(x: RefundExecution, orderId: string): Insertable<RefundItemsTable>[] {
  const items: Insertable<RefundItemsTable>[] = [];
  const at = x.now.toISOString();
  const resourceOf = new Map(x.resources.map((r) => [r.id, r]));
  for (const p of x.plan.periods) {
    const r = resourceOf.get(p.resourceId)!;
    const item = (kind: 'refund' | 'consumed' | 'fee', amount: bigint): Insertable<RefundItemsTable> => ({
      id: x.ids.prefixed('RI'),
      order_id: orderId,
      seq: items.length + 1,
      customer_id: x.customerId,
      base_order_id: p.orderId,
      resource_id: r.id,
      service_type_code: r.serviceTypeCode,
      resource_type_code: r.resourceTypeCode,
      region_code: r.regionCode,
      kind,
      amount,
      created_at: at,
    });
    if (p.cash + p.credit > 0n) items.push(item('refund', -(p.cash + p.credit)));
    if (p.consumed > 0n) items.push(item('consumed', p.consumed));
    if (p.fee > 0n) items.push(item('fee', p.fee));
  }
  return items;
}

async function billRows(x: RefundExecution, orderId: string): Promise<Insertable<BillRecordsTable>[]> {
  const partner = await findCustomerPartner(x.trx, x.customerId);
  const periods = await findPeriods(x.trx, x.resources.map((r) => r.id));
  const resourceOf = new Map(x.resources.map((r) => [r.id, r]));
  return x.plan.periods
    .filter((p) => p.cash + p.credit + p.coupon > 0n)
    .map((p) => {
      const r = resourceOf.get(p.resourceId)!;
      const period = periods.find((q) => q.id === p.periodId)!;
      return billRow(x.ids.prefixed('BR'), {
        billType: x.orderType === 4 ? 4 : 24,
        customerId: x.customerId,
        partnerId: partner?.partnerId ?? null,
        orderId,
        lineItemId: lineIdOf(orderId, x.resources.indexOf(r) + 1),
        resource: r,
        periodType: r.periodType,
        periodNum: null,
        effectiveTime: period.startsAt,
        expireTime: period.endsAt,
        official: -(p.cash + p.credit + p.coupon),
        cash: -p.cash,
        credit: -p.credit,
        coupon: -p.coupon,
        discountType: null,
        at: x.now,
      });
    });
}
