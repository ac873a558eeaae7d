import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { formatAmountText, type Fen } from '../../platform/money.ts';
import { balanceOf, BalanceType, findBalances } from '../ledger/index.ts';
import type { CouponPort, CouponScope, HeldBenefit } from './coupon-port.ts';
import { getOwnTopOrder } from './order-access.ts';
import { lockedOptionsOf } from './order-options.ts';
import { pastPaymentDeadline, statusChanged } from './orders.errors.ts';
import { findDiscountLines, findLines, findSubOrders, type LineRow, type OrderRow } from './orders.repo.ts';
import { checkCouponCombination, chooseBasis, planPayment, type Basis, type PayRequest, type PaymentPlan } from './plan-payment.ts';
import { settlePayment, wireCouponType } from './settle-payment.ts';

/** Every change to one customer's orders and subscriptions runs alone (PostgreSQL: an advisory lock; SQLite runs one writer anyway). */
export const lockCustomer = (trx: Transaction<DB>, customerId: string) => serializeOn(trx, `orders:${customerId}`);

export interface LoadedOrder {
  top: OrderRow;
  subs: OrderRow[];
  lines: LineRow[];
}

export async function loadOrder(trx: Transaction<DB>, top: OrderRow): Promise<LoadedOrder> {
  const subs = top.isCombined ? await findSubOrders(trx, top.id) : [];
  const lines = await findLines(trx, subs.length ? subs.map((s) => s.id) : [top.id]);
  return { top, subs, lines };
}

export async function balancesOf(trx: Transaction<DB>, customerId: string): Promise<{ cash: Fen; credit: Fen }> {
  const b = (await findBalances(trx, [customerId])).get(customerId);
  return { cash: balanceOf(b, BalanceType.cash).balance, credit: balanceOf(b, BalanceType.credit).balance };
}

export const scopeOf = (o: LoadedOrder, basis: Basis): CouponScope => ({
  subscribeType: o.top.orderType === 2 ? 'renew' : 'new',
  lines: o.lines.map((l) => ({ serviceTypeCode: l.serviceTypeCode, productId: l.productId, amount: basis.amounts.get(l.id)! })),
});

/** What the held coupons pay of each line, by line id. */
export function couponsByLine(o: LoadedOrder, held: readonly HeldBenefit[]): Map<string, Fen> {
  const out = new Map<string, Fen>();
  for (const h of held) for (const part of h.lines) {
    const id = o.lines[part.index]!.id;
    out.set(id, (out.get(id) ?? 0n) + part.amount);
  }
  return out;
}

/**
 * Pays a pending order (pay_orders, v3): with the discount named (one of those locked into the
 * order) or at the official price, up to 3 coupons, the rest from the customer's cash and then its
 * credit. A combined order is paid as a whole. Paying twice charges once: the second payment finds
 * the order completed (CBC.99003106), and with the same X-Idempotency-Key gets the first answer.
 */
export async function payOrder(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, coupons: CouponPort, caller: Caller, orderId: string, req: PayRequest, claim: IdempotencyClaim | null = null): Promise<null> {
  const now = deps.clock.now();
  const at = now.toISOString();
  return runIdempotent(deps.db, claim, at, async (trx) => {
    await lockCustomer(trx, caller.accountId);
    const order = await loadOrder(trx, await getOwnTopOrder(trx, caller, orderId));
    if (order.top.status !== 6) throw statusChanged(orderId);
    if (order.top.deadline !== null && order.top.deadline <= at) throw pastPaymentDeadline(orderId);
    const payLines = order.lines.map((l) => ({ id: l.id, official: l.official }));
    const basis = chooseBasis(payLines, lockedOptionsOf(await findDiscountLines(trx, order.top.id)), req.discounts[0] ?? null);
    const held = req.coupons.length
      ? (await coupons.reserve(trx, { orderId: order.top.id, customerId: caller.accountId, at, scope: scopeOf(order, basis), benefitIds: req.coupons.map((c) => c.id) })).benefits
      : [];
    for (const h of held) {
      const asked = req.coupons.find((c) => c.id === h.id);
      if (asked && asked.type !== wireCouponType(h.couponType)) throw new AppError('CBC.99003112', `coupon or card ${h.id} cannot be used: it is of type ${wireCouponType(h.couponType)}, not ${asked.type}`);
    }
    checkCouponCombination(held, basis.discount);
    const plan: PaymentPlan = planPayment(payLines, basis, couponsByLine(order, held), await balancesOf(trx, caller.accountId));
    if (!plan.ok) throw new AppError('CBC.99005003', `insufficient balance: the order needs ${formatAmountText(plan.payable)} from the balances, ${formatAmountText(plan.available)} is available`);
    await settlePayment({ trx, ids: deps.ids, coupons, now, top: order.top, subs: order.subs, lines: order.lines, plan, basis, held, initiatorId: caller.accountId, auto: false });
    return null;
  });
}
