import type { Fen } from '../../platform/money.ts';
import type { Conn } from './quotas.repo.ts';
import { listCoupons, type CouponRow } from './coupons.repo.ts';
import { listCards, type CardRow } from './benefits.repo.ts';
import { AppError } from '../../platform/errors.ts';
import type { OrderScope } from './coupon-limits.ts';
import { planCard, planCoupon } from './reserve-benefits.ts';

export interface UsableBenefit {
  kind: 'coupon' | 'card';
  coupon?: CouponRow;
  card?: CardRow;
  /** The most it would pay of this order on its own. */
  maxAmount: Fen;
}

/**
 * For the orders module (list_order_coupons_by_order_id): the customer's coupons and cards that
 * could pay part of an order with this scope right now, each with the most it would pay alone.
 */
export async function listUsableBenefits(db: Conn, input: { customerId: string; orderId: string; at: string; scope: OrderScope }): Promise<UsableBenefit[]> {
  const all = { offset: 0, limit: 1000 };
  const coupons = await listCoupons(db, { at: input.at, customerId: input.customerId, status: 2 }, all);
  const cards = await listCards(db, { customerId: input.customerId, status: 1 }, all);
  const remaining = input.scope.lines.map((l) => l.amount);
  const out: UsableBenefit[] = [];
  const sum = (lines: Array<{ amount: Fen }>) => lines.reduce((s, l) => s + l.amount, 0n);
  for (const coupon of coupons) {
    const lines = tryPlan(() => planCoupon(coupon, input, remaining));
    if (lines && sum(lines) > 0n) out.push({ kind: 'coupon', coupon, maxAmount: sum(lines) });
  }
  for (const card of cards) {
    const lines = tryPlan(() => planCard(card, input, remaining));
    if (lines && sum(lines) > 0n) out.push({ kind: 'card', card, maxAmount: sum(lines) });
  }
  return out;
}

function tryPlan<T>(plan: () => T | null): T | null {
  try {
    return plan();
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}
