/**
 * Usage time: records are rated per UTC hour; bill cycles and days are UTC+8 (brief §7.3). Pure.
 */
const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
export const FIVE_MINUTES_MS = 300_000;

export const hourStartOf = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
export const nextHour = (at: Date): Date => new Date(hourStartOf(at).getTime() + HOUR_MS);
export const addHours = (at: Date, hours: number): Date => new Date(at.getTime() + hours * HOUR_MS);

/** YYYY-MM and YYYY-MM-DD of an instant in UTC+8. */
export function cycleAndDay(at: Date): { cycle: string; day: string } {
  const day = new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return { cycle: day.slice(0, 7), day };
}

/** A UTC+8 month as UTC instants [start, end), and its number of days. */
export function cycleBounds(cycle: string): { start: Date; end: Date; days: number } {
  const [y, m] = cycle.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1) - CHINA_OFFSET_MS);
  const end = new Date(Date.UTC(y, m, 1) - CHINA_OFFSET_MS);
  return { start, end, days: Math.round((end.getTime() - start.getTime()) / (24 * HOUR_MS)) };
}

/** The last UTC+8 day of a cycle (YYYY-MM-DD). */
export const lastDayOf = (cycle: string): string => cycleAndDay(new Date(cycleBounds(cycle).end.getTime() - 1)).day;

/** An ISO-8601 UTC instant (`…Z`, optional milliseconds); null otherwise. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export function parseUtcInstant(text: unknown): Date | null {
  if (typeof text !== 'string' || !ISO_UTC.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}
