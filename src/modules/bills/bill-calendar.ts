import { invalidParameter } from './bills.errors.ts';

/**
 * Bill cycles (YYYY-MM) and bill days (YYYY-MM-DD) are China time (UTC+8); instants are UTC. Pure
 * helpers that turn one into the other and check what requests carry.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const CYCLE_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_RE = /^(\d{4})-(0[1-9]|1[0-2])-(\d{2})$/;

/** A bill cycle's text, checked: CBC.0100 naming the field otherwise. */
export function parseCycle(text: string | null | undefined, field: string): string {
  if (typeof text !== 'string' || !CYCLE_RE.test(text)) throw invalidParameter(`${field} must be YYYY-MM`);
  return text;
}

/** A bill day's text, checked (a day that does not exist is refused). */
export function parseDay(text: string | null | undefined, field: string): string {
  const m = typeof text === 'string' ? DAY_RE.exec(text) : null;
  if (!m) throw invalidParameter(`${field} must be YYYY-MM-DD`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== text) throw invalidParameter(`${field} is not a day of the calendar`);
  return text!;
}

/** The UTC+8 cycle and day an instant falls in. */
export function chinaCycleAndDay(at: Date): { cycle: string; day: string } {
  const day = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return { cycle: day.slice(0, 7), day };
}

/** The UTC instant a China day starts at. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** The UTC instant a China month starts at. */
export function cycleStart(cycle: string): Date {
  return dayStart(`${cycle}-01`);
}

/** The cycle `n` months after `cycle` (n may be negative). */
export function addCycles(cycle: string, n: number): string {
  const [y, m] = cycle.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** How many months `later` is after `earlier` (negative when before). */
export function cyclesBetween(earlier: string, later: string): number {
  const [y1, m1] = earlier.split('-').map(Number) as [number, number];
  const [y2, m2] = later.split('-').map(Number) as [number, number];
  return (y2 - y1) * 12 + (m2 - m1);
}

/** The next China day after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The last China day of a cycle. */
export function lastDayOf(cycle: string): string {
  const [y, m] = cycle.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * Refuses a cycle further back than `months` before the cycle of `now` (the documented look-back
 * windows: 18 months for records, 3 years for the customer's monthly sums).
 */
export function checkLookBack(cycle: string, now: Date, months: number, field: string): void {
  if (cyclesBetween(cycle, chinaCycleAndDay(now).cycle) > months - 1) {
    throw invalidParameter(`${field} may be at most ${months} months back (the current month included)`);
  }
}

/**
 * bill_date_begin/bill_date_end: both or neither (one alone is ignored, as documented), each a day
 * of `cycle`, begin not after end.
 */
export function dayRangeIn(cycle: string, begin: string | null | undefined, end: string | null | undefined, names: [string, string] = ['bill_date_begin', 'bill_date_end']): { from: string; to: string } | undefined {
  const given = (s: string | null | undefined): s is string => typeof s === 'string' && s !== '';
  if (!given(begin) || !given(end)) return undefined;
  const from = parseDay(begin, names[0]);
  const to = parseDay(end, names[1]);
  if (from.slice(0, 7) !== cycle || to.slice(0, 7) !== cycle) throw invalidParameter(`${names[0]} and ${names[1]} must be in the month ${cycle}`);
  if (from > to) throw invalidParameter(`${names[0]} must not be after ${names[1]}`);
  return { from, to };
}
