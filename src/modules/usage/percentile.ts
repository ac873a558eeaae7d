import { add, cmp, ZERO, type Rational } from '../../platform/rational.ts';
import { FIVE_MINUTES_MS } from './usage-calendar.ts';

/** 5-minute points in a day: the 95th-percentile API reports actual days as points / 288 (brief §7.2). */
export const POINTS_PER_DAY = 288;

export interface BandwidthPoint {
  /** Any instant in the 5-minute slot. */
  at: Date;
  value: Rational;
}

/**
 * Monthly 95th-percentile bandwidth: the points of each 5-minute slot are added up (several
 * reports of one slot are parts of it), the slots sorted from the highest, the top 5 % of them
 * (rounded down) dropped, and the highest that remains is the billed value. `points` is the
 * number of slots reported. Exact and independent of input order. Pure.
 */
export function percentile95(points: readonly BandwidthPoint[]): { value: Rational; slots: number } {
  const slots = new Map<number, Rational>();
  for (const p of points) {
    const slot = Math.floor(p.at.getTime() / FIVE_MINUTES_MS);
    slots.set(slot, add(slots.get(slot) ?? ZERO, p.value));
  }
  const values = [...slots.values()].sort((a, b) => cmp(b, a));
  if (values.length === 0) return { value: ZERO, slots: 0 };
  const dropped = Math.floor((values.length * 5) / 100);
  return { value: values[dropped]!, slots: values.length };
}
