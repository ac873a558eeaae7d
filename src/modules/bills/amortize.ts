import type { Fen } from '../../platform/money.ts';
import { AMOUNT_KEYS, PAYMENT_KEYS, zeroAmounts, type BillAmounts } from './bill-amounts.ts';
import { addCycles, chinaCycleAndDay, cycleStart, dayStart, nextDay } from './bill-calendar.ts';

/**
 * Spreading a prepaid record's amounts over the time it paid for (amortised cost). Pure.
 *
 * Each part is allocated by elapsed time with cumulative truncation: the part up to cut i is
 * trunc(total × elapsed_i / length), so the parts always add up to the total exactly, whatever
 * the sign. Discount, truncation and each payment source are spread separately; a part's consumed
 * amount is the sum of its payment parts and its official price the sum of discount, truncation and
 * consumed, so every part keeps the record's identities.
 */

export interface Segment {
  /** The China month (YYYY-MM) or day (YYYY-MM-DD) of the part. */
  key: string;
  amounts: BillAmounts;
}

/** Splits `total` over the stretches [start, cuts[0]), [cuts[0], cuts[1]) … [cuts[n-1], end). */
export function splitAcross(total: Fen, start: number, end: number, cuts: readonly number[]): Fen[] {
  const length = BigInt(end - start);
  const parts: Fen[] = [];
  let before = 0n;
  for (const cut of [...cuts, end]) {
    const upTo = cut >= end ? total : (total * BigInt(cut - start)) / length;
    parts.push(upTo - before);
    before = upTo;
  }
  return parts;
}

/** The China months or days [start, end) touches, with the instants where each begins (after the first). */
function calendarOf(start: number, end: number, unit: 'month' | 'day'): { keys: string[]; cuts: number[] } {
  const first = chinaCycleAndDay(new Date(start));
  let key = unit === 'month' ? first.cycle : first.day;
  const keys = [key];
  const cuts: number[] = [];
  for (;;) {
    key = unit === 'month' ? addCycles(key, 1) : nextDay(key);
    const at = (unit === 'month' ? cycleStart(key) : dayStart(key)).getTime();
    if (at >= end) break;
    keys.push(key);
    cuts.push(at);
  }
  return { keys, cuts };
}

/** The record's amounts per China month or day of [start, end); the parts add up to `amounts`. */
export function amortize(amounts: BillAmounts, start: number, end: number, unit: 'month' | 'day'): Segment[] {
  if (!(end > start)) throw new Error('amortize needs a stretch of time');
  const { keys, cuts } = calendarOf(start, end, unit);
  const spread = (k: (typeof AMOUNT_KEYS)[number]) => splitAcross(amounts[k], start, end, cuts);
  const parts = Object.fromEntries([...PAYMENT_KEYS, 'discount' as const, 'erase' as const].map((k) => [k, spread(k)])) as Record<(typeof PAYMENT_KEYS)[number] | 'discount' | 'erase', Fen[]>;
  return keys.map((key, i) => {
    const a = zeroAmounts();
    for (const k of PAYMENT_KEYS) a[k] = parts[k][i]!;
    a.discount = parts.discount[i]!;
    a.erase = parts.erase[i]!;
    a.consume = PAYMENT_KEYS.reduce((s, k) => s + a[k], 0n);
    a.official = a.discount + a.erase + a.consume;
    return { key, amounts: a };
  });
}

/** Whether a record is spread over its period: prepaid (yearly/monthly) with a stretch of time. */
export function isAmortized(r: { chargeMode: number; effectiveTime: string | null; expireTime: string | null }): boolean {
  return r.chargeMode === 1 && r.effectiveTime !== null && r.expireTime !== null && Date.parse(r.expireTime) > Date.parse(r.effectiveTime);
}

/** A month's view of a record: what was spread before it, in it and after it. */
export interface MonthShare {
  past: BillAmounts;
  current: BillAmounts;
  future: BillAmounts;
}

export function shareOfMonth(
  r: { chargeMode: number; effectiveTime: string | null; expireTime: string | null; billCycle: string; amounts: BillAmounts },
  month: string,
): MonthShare {
  const share: MonthShare = { past: zeroAmounts(), current: zeroAmounts(), future: zeroAmounts() };
  const segments = isAmortized(r) ? amortize(r.amounts, Date.parse(r.effectiveTime!), Date.parse(r.expireTime!), 'month') : [{ key: r.billCycle, amounts: r.amounts }];
  for (const s of segments) {
    const into = s.key < month ? share.past : s.key === month ? share.current : share.future;
    for (const k of AMOUNT_KEYS) into[k] += s.amounts[k];
  }
  return share;
}
