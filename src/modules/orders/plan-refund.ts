import type { Fen } from '../../platform/money.ts';
import { mul, rat, ONE, truncateUnits, ZERO, type Rational } from '../../platform/rational.ts';
import { fill } from './plan-payment.ts';

/**
 * The refund rule, pure (docs/orders.md, "Refunds"). Applied to the paid periods of a resource and
 * its children that end after `at`:
 *
 * 1. A period's unused share is 1 when it has not started, (end − at) / (end − start) while it
 *    runs. Within the no-reason window (5 days after the new purchase was paid) an unsubscribe
 *    treats every period as unused: the whole payment comes back.
 * 2. What a period returns to the balances is what it took from them (cash + credit) × its unused
 *    share, truncated to the fen; the rest of that is its consumed amount. Coupons get back their
 *    paid part × the unused share, truncated.
 * 3. An unsubscribe outside the no-reason window pays a fee: `feeRate` × the refund, truncated (0 by
 *    default: Huawei does not publish its rate), taken from the refund.
 * 4. Money goes back to the balance types it came from, credit first (it was taken last), never
 *    more to a type than the period took from it.
 *
 * So a refund never exceeds the paid amount of the unused time, and refund + consumed + fee equals
 * what the periods took from the balances.
 */

export interface RefundablePeriod {
  id: string;
  resourceId: string;
  orderId: string;
  startsAt: string;
  endsAt: string;
  paidCash: Fen;
  paidCredit: Fen;
  paidCoupon: Fen;
  /** Refunded already (a period is refunded once). */
  refunded: boolean;
}

/** unsubscribe: the resource and its renewals; renewals_only: renewed periods not yet in force; to_on_demand: the rest of the term. */
export type RefundMode = 'unsubscribe' | 'renewals_only' | 'to_on_demand';

export interface RefundRules {
  noReasonDays: number;
  feeRate: Rational;
}

export const DEFAULT_REFUND_RULES: RefundRules = { noReasonDays: 5, feeRate: ZERO };

export interface RefundInput {
  mode: RefundMode;
  at: Date;
  periods: readonly RefundablePeriod[];
  /** When the new purchase was paid (the no-reason window's start); null: no window. */
  purchasedAt: Date | null;
  rules?: RefundRules;
}

export interface PeriodRefund {
  periodId: string;
  resourceId: string;
  orderId: string;
  unused: Rational;
  /** cash + credit the period took. */
  paid: Fen;
  cash: Fen;
  credit: Fen;
  coupon: Fen;
  consumed: Fen;
  fee: Fen;
}

export interface RefundPlan {
  periods: PeriodRefund[];
  noReason: boolean;
  cash: Fen;
  credit: Fen;
  coupon: Fen;
  consumed: Fen;
  fee: Fen;
}

const DAY_MS = 86_400_000;
const min = (a: Fen, b: Fen) => (a < b ? a : b);

export function unusedShare(p: Pick<RefundablePeriod, 'startsAt' | 'endsAt'>, at: Date): Rational {
  const start = new Date(p.startsAt).getTime();
  const end = new Date(p.endsAt).getTime();
  const now = at.getTime();
  if (now <= start) return ONE;
  if (now >= end) return ZERO;
  return rat(BigInt(end - now), BigInt(end - start));
}

export function planRefund(input: RefundInput): RefundPlan {
  const rules = input.rules ?? DEFAULT_REFUND_RULES;
  const at = input.at.getTime();
  const candidates = input.periods.filter((p) => !p.refunded && (input.mode === 'renewals_only' ? new Date(p.startsAt).getTime() > at : new Date(p.endsAt).getTime() > at));
  const noReason = input.mode === 'unsubscribe' && input.purchasedAt !== null && at < input.purchasedAt.getTime() + rules.noReasonDays * DAY_MS;
  const shares = candidates.map((p) => {
    const unused = noReason ? ONE : unusedShare(p, input.at);
    const paid = p.paidCash + p.paidCredit;
    const back = truncateUnits(mul(rat(paid), unused), 0);
    return { p, unused, paid, back, coupon: truncateUnits(mul(rat(p.paidCoupon), unused), 0) };
  });
  const gross = shares.reduce((a, s) => a + s.back, 0n);
  const fee = noReason || input.mode !== 'unsubscribe' ? 0n : truncateUnits(mul(rules.feeRate, rat(gross)), 0);
  const fees = fill([fee], shares.map((s) => s.back))[0] ?? shares.map(() => 0n);
  const periods = shares.map((s, i): PeriodRefund => {
    const refund = s.back - fees[i]!;
    const credit = min(refund, s.p.paidCredit);
    return { periodId: s.p.id, resourceId: s.p.resourceId, orderId: s.p.orderId, unused: s.unused, paid: s.paid, cash: refund - credit, credit, coupon: s.coupon, consumed: s.paid - s.back, fee: fees[i]! };
  });
  const total = (k: 'cash' | 'credit' | 'coupon' | 'consumed' | 'fee') => periods.reduce((a, p) => a + p[k], 0n);
  return { periods, noReason, cash: total('cash'), credit: total('credit'), coupon: total('coupon'), consumed: total('consumed'), fee: total('fee') };
}
