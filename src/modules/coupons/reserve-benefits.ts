import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { deductionCap, eligibleLines, type OrderScope } from './coupon-limits.ts';
import { benefitUnusable } from './coupons.errors.ts';
import { couponStatusAt, findCoupons, type CouponRow } from './coupons.repo.ts';
import { findCards, freezeBenefit, insertHold, type BenefitKind, type CardRow } from './benefits.repo.ts';

export interface ReserveInput {
  orderId: string;
  customerId: string;
  /** Business time (ISO). */
  at: string;
  /** What the order buys: its subscribe type and its lines with the amounts still to pay. */
  scope: OrderScope;
  /** Coupon and card ids the customer chose, in the order they should pay. */
  benefitIds: readonly string[];
}

export interface ReservedBenefit {
  id: string;
  kind: BenefitKind;
  /** 1 voucher, 4 cash coupon; null for a stored-value card. */
  couponType: 1 | 4 | null;
  amount: Fen;
  /** How the amount splits over the order's lines (indexes into scope.lines). */
  lines: Array<{ index: number; amount: Fen }>;
}

/**
 * For the orders module, in its transaction: holds (freezes) the chosen coupons and cards for an
 * order. Each pays, in turn, as much as it may of what the order still owes: a coupon only for the
 * lines its limits admit (service types, products, subscribe type) and at most its deduction ratio's
 * share of them; a card for any line. A coupon or card that is not the customer's, not in force,
 * used, held by another order, or that would pay nothing is refused (CBC.99003112) and the caller's
 * transaction should roll back. Nothing is spent until consumeBenefits.
 */
export async function reserveBenefits(trx: Transaction<DB>, input: ReserveInput): Promise<{ benefits: ReservedBenefit[]; total: Fen }> {
  if (new Set(input.benefitIds).size !== input.benefitIds.length) throw benefitUnusable(input.benefitIds.join(','), 'the same coupon or card is named twice');
  const coupons = new Map((await findCoupons(trx, input.benefitIds)).map((c) => [c.id, c]));
  const cards = new Map((await findCards(trx, input.benefitIds.filter((id) => !coupons.has(id)))).map((c) => [c.id, c]));
  const remaining = input.scope.lines.map((l) => l.amount);
  const reserved: ReservedBenefit[] = [];
  for (const id of input.benefitIds) {
    const coupon = coupons.get(id);
    const card = cards.get(id);
    const planned = coupon ? planCoupon(coupon, input, remaining) : card ? planCard(card, input, remaining) : null;
    if (!planned) throw benefitUnusable(id, 'no such coupon or card');
    const kind: BenefitKind = coupon ? 'coupon' : 'card';
    const amount = planned.reduce((s, l) => s + l.amount, 0n);
    if (amount === 0n) throw benefitUnusable(id, 'it would pay nothing of this order');
    if (!(await freezeBenefit(trx, kind, id, input.customerId, input.orderId, amount, input.at))) {
      throw benefitUnusable(id, 'it is held by another order or no longer usable');
    }
    await insertHold(trx, { kind, benefitId: id, orderId: input.orderId, customerId: input.customerId, amount, at: input.at });
    for (const l of planned) remaining[l.index] = remaining[l.index]! - l.amount;
    reserved.push({ id, kind, couponType: coupon ? coupon.couponType : null, amount, lines: planned });
  }
  return { benefits: reserved, total: reserved.reduce((s, b) => s + b.amount, 0n) };
}

/** Spreads up to `cap` over the given lines' remaining amounts, in line order. */
function spread(indexes: readonly number[], remaining: readonly Fen[], cap: Fen): Array<{ index: number; amount: Fen }> {
  const out: Array<{ index: number; amount: Fen }> = [];
  let left = cap;
  for (const index of indexes) {
    if (left === 0n) break;
    const take = remaining[index]! < left ? remaining[index]! : left;
    if (take > 0n) out.push({ index, amount: take });
    left -= take;
  }
  return out;
}

const minFen = (...xs: Fen[]): Fen => xs.reduce((a, b) => (b < a ? b : a));

export function planCoupon(coupon: CouponRow, input: Pick<ReserveInput, 'customerId' | 'orderId' | 'at' | 'scope'>, remaining: readonly Fen[]) {
  if (coupon.customerId !== input.customerId) return null;
  const status = couponStatusAt(coupon, input.at);
  if (status !== 2) throw benefitUnusable(coupon.id, status === 1 ? 'it is not in force yet' : status === 3 ? 'it is used up' : status === 4 ? 'it has expired' : 'it was reclaimed');
  if (coupon.lockOrderId !== null) throw benefitUnusable(coupon.id, coupon.lockOrderId === input.orderId ? 'this order already holds it' : 'another order holds it');
  const lines = eligibleLines(coupon.limits, input.scope);
  if (lines.length === 0) throw benefitUnusable(coupon.id, "its limits do not admit this order's products");
  const eligible = lines.reduce((s, i) => s + input.scope.lines[i]!.amount, 0n);
  return spread(lines, remaining, minFen(coupon.balance, deductionCap(coupon.limits, eligible)));
}

export function planCard(card: CardRow, input: Pick<ReserveInput, 'customerId' | 'orderId' | 'at' | 'scope'>, remaining: readonly Fen[]) {
  if (card.customerId !== input.customerId) return null;
  if (card.effectiveTime > input.at || card.expireTime <= input.at) throw benefitUnusable(card.id, 'the card is not in force');
  if (card.lockOrderId !== null) throw benefitUnusable(card.id, card.lockOrderId === input.orderId ? 'this order already holds it' : 'another order holds it');
  if (card.balance === 0n) throw benefitUnusable(card.id, 'the card is used up');
  return spread(input.scope.lines.map((_, i) => i), remaining, card.balance);
}
