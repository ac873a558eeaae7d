import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { formatAmountText } from '../../platform/money.ts';
import type { Ids } from '../../platform/ids.ts';
import { BalanceType } from '../ledger/index.ts';
import { postCustomerTrade } from '../funds/index.ts';
import type { CouponPort, HeldBenefit } from './coupon-port.ts';
import { statusChanged } from './orders.errors.ts';
import { findCustomerPartner, insertOrderCoupons, moveOrderStatus, type LineRow, type OrderRow } from './orders.repo.ts';
import type { Basis, PaidLine, PaymentPlan } from './plan-payment.ts';
import { applyRenewal, provisionNewPurchase } from './provision.ts';

/** pay_orders' coupon types: 301 voucher, 302 cash coupon, 303 stored-value card. */
export const wireCouponType = (t: 1 | 4 | null): number => (t === 1 ? 301 : t === 4 ? 302 : 303);

export interface Settlement {
  trx: Transaction<DB>;
  ids: Ids;
  coupons: CouponPort;
  now: Date;
  /** The order paid (a combined order, or a plain one). */
  top: OrderRow;
  /** Its sub-orders (combined), else empty. */
  subs: readonly OrderRow[];
  lines: readonly LineRow[];
  plan: Extract<PaymentPlan, { ok: true }>;
  basis: Basis;
  held: readonly HeldBenefit[];
  initiatorId: string;
  /** An auto-renewal charged by the platform (bill type 8). */
  auto: boolean;
}

/**
 * Executes a payment plan, all in the caller's transaction: the customer's balances are charged
 * (one journal entry, ref PAY:<order>: a second payment of one order cannot post), held coupons
 * are spent, the orders move from pending payment to completed (a conditional update: a payment
 * racing this one finds nothing to move), and the purchase or renewal takes effect with its bill
 * records.
 */
export async function settlePayment(s: Settlement): Promise<void> {
  const at = s.now.toISOString();
  const customerId = s.top.customerId;
  const partner = await findCustomerPartner(s.trx, customerId);
  await postCustomerTrade(s.trx, {
    kind: 'charge',
    ref: `PAY:${s.top.id}`,
    tradeId: s.top.id,
    customerId,
    initiatorId: s.initiatorId,
    at,
    parts: [
      { balanceType: BalanceType.cash, amount: s.plan.cash },
      { balanceType: BalanceType.credit, amount: s.plan.credit },
    ],
  });
  if (s.held.length > 0) {
    await s.coupons.consume(s.trx, { orderId: s.top.id, at, initiatorId: s.initiatorId });
    await insertOrderCoupons(s.trx, s.top.id, s.held.map((h) => ({ id: h.id, type: wireCouponType(h.couponType), amount: h.amount })));
  }
  const paid = new Map(s.plan.lines.map((l) => [l.id, l]));
  for (const order of [s.top, ...s.subs]) {
    const own = s.subs.length === 0 || order.id !== s.top.id ? s.lines.filter((l) => l.orderId === order.id) : s.lines;
    const sum = (k: keyof Omit<PaidLine, 'id'>) => own.reduce((a, l) => a + paid.get(l.id)![k], 0n);
    const moved = await moveOrderStatus(s.trx, [order.id], 6, {
      status: 5,
      payment_time: at,
      updated_at: at,
      amount_after_discount: sum('amount'),
      discount_id: s.basis.discount?.discountId ?? null,
      discount_type: s.basis.discount?.discountType ?? null,
      coupon_amount: sum('coupon'),
      cash_amount: sum('cash'),
      credit_amount: sum('credit'),
    });
    if (moved !== 1) throw statusChanged(s.top.id);
  }
  const context = {
    trx: s.trx,
    ids: s.ids,
    now: s.now,
    customerId,
    partnerId: partner?.partnerId ?? null,
    orders: s.subs.length ? s.subs : [s.top],
    lines: s.lines,
    paid,
    discountType: s.basis.discount?.discountType ?? null,
  };
  if (s.top.orderType === 1) await provisionNewPurchase({ ...context, billType: 1 });
  else await applyRenewal({ ...context, billType: s.auto ? 8 : 2 }, s.auto);
  // For the partner's webhooks (see event-outbox.ts), in the payment's transaction.
  await appendEvent(
    s.trx,
    {
      type: 'order.paid',
      aggregateType: 'order',
      aggregateId: s.top.id,
      payload: {
        order_id: s.top.id,
        customer_id: customerId,
        partner_id: partner?.partnerId ?? null,
        order_type: s.top.orderType,
        auto_renewal: s.auto,
        cash_amount: formatAmountText(s.plan.cash),
        credit_amount: formatAmountText(s.plan.credit),
        coupon_amount: formatAmountText(s.held.reduce((a, h) => a + h.amount, 0n)),
      },
    },
    s.now,
  );
}
