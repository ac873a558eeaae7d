import { add, cmp, min, mul, rat, sub, sum, ZERO, type Rational } from '../../platform/rational.ts';
import type { PriceRule, Tier } from '../catalog/index.ts';

/**
 * The pricing shapes, as pure functions of exact rationals: graduated tiers, linear (by size),
 * per period (with the optional month→year cap) and one-time fees. Nothing here rounds.
 */

/** Graduated tiers: each slice of the quantity is priced at its own tier's unit price. */
export function graduated(quantity: Rational, tiers: Tier[]): Rational {
  let total = ZERO;
  let floor = ZERO;
  for (const tier of tiers) {
    if (cmp(quantity, floor) <= 0) break;
    const ceiling = tier.upTo === null ? quantity : min(quantity, tier.upTo);
    if (cmp(ceiling, floor) > 0) total = add(total, mul(sub(ceiling, floor), tier.unitPrice));
    if (tier.upTo === null) break;
    floor = tier.upTo;
  }
  return total;
}

/** The price of one item for one price unit: flat, or tiered over the linear size. */
export function itemPrice(rule: PriceRule, size: Rational | null): Rational {
  switch (rule.basis) {
    case 'flat':
      return rule.tiers[0]!.unitPrice;
    case 'size':
      return graduated(size ?? ZERO, rule.tiers);
    case 'usage':
      // A usage-tiered rule has no per-item price; on-demand rating handles it.
      throw new Error(`rule ${rule.entryId} is priced by usage`);
  }
}

/**
 * On-demand: `usage` in the rule's unit (hours, GB, ...). Flat: unit price × usage; by size: the
 * tiered price of the size × usage; by usage: the tiered price of the usage. Times the count.
 */
export function onDemandAmount(rule: PriceRule, usage: Rational, size: Rational | null, count: number): Rational {
  const one = rule.basis === 'usage' ? graduated(usage, rule.tiers) : mul(itemPrice(rule, size), usage);
  return mul(one, rat(count));
}

export type PeriodPrice =
  | { ok: true; amount: Rational; recurring: Rational; oneTime: Rational }
  | { ok: false; reason: 'not_sold_by_period' | 'period_unavailable' };

export interface PeriodQuantity {
  /** 0 day, 2 month, 3 year, 4 hour. */
  periodType: number;
  periodNum: number;
  size: Rational | null;
  count: number;
  /** New purchases pay one-time fees; renewals and spec changes do not. */
  includeOneTime: boolean;
}

/**
 * Yearly/monthly: the price of exactly that term when the book has one, else the per-period price
 * × the number of periods. With `monthsCappedByYear`, n months cost at most what the whole years
 * among them cost, plus the rest capped at one year: 12 months never cost more than a year.
 */
export function periodAmount(rules: PriceRule[], q: PeriodQuantity): PeriodPrice {
  const period = rules.filter((r) => r.kind === 'period');
  if (period.length === 0) return { ok: false, reason: 'not_sold_by_period' };
  const exact = period.find((r) => r.periodType === q.periodType && r.periodNum === q.periodNum);
  const perUnit = period.find((r) => r.periodType === q.periodType && r.periodNum === null);
  let recurring: Rational;
  if (exact) {
    recurring = itemPrice(exact, q.size);
  } else if (perUnit && (perUnit.maxPeriodNum === null || q.periodNum <= perUnit.maxPeriodNum)) {
    const unit = itemPrice(perUnit, q.size);
    const year = period.find((r) => r.periodType === 3 && r.periodNum === null);
    if (q.periodType === 2 && perUnit.monthsCappedByYear && year) {
      const yearly = itemPrice(year, q.size);
      const years = Math.floor(q.periodNum / 12);
      const rest = q.periodNum % 12;
      recurring = add(mul(yearly, rat(years)), min(mul(unit, rat(rest)), yearly));
    } else {
      recurring = mul(unit, rat(q.periodNum));
    }
  } else {
    return { ok: false, reason: 'period_unavailable' };
  }
  const oneTime = q.includeOneTime ? sum(rules.filter((r) => r.kind === 'one_time').map((r) => itemPrice(r, q.size))) : ZERO;
  const count = rat(q.count);
  return { ok: true, amount: mul(add(recurring, oneTime), count), recurring: mul(recurring, count), oneTime: mul(oneTime, count) };
}

/** The part of `amount` that `remainingMs` of `totalMs` is worth (refunds, spec changes); exact. */
export function prorate(amount: Rational, remainingMs: number, totalMs: number): Rational {
  if (totalMs <= 0) throw new RangeError('totalMs must be positive');
  const remaining = Math.min(Math.max(remainingMs, 0), totalMs);
  return mul(amount, rat(BigInt(Math.round(remaining)), BigInt(Math.round(totalMs))));
}
