/**
 * Bill cycles (YYYY-MM). Huawei's bills follow the UTC+8 calendar, so the current cycle is the
 * month it is in Beijing, whatever zone the user reads dates in.
 */
const BILLING_ZONE = 'Asia/Shanghai';

export function currentCycle(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: BILLING_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const y = parts.find((p) => p.type === 'year')?.value ?? '1970';
  const m = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${y}-${m}`;
}

/** The cycle `n` months before `cycle` ("2026-01", 1 → "2025-12"). */
export function cycleBefore(cycle: string, n: number): string {
  const [y, m] = cycle.split('-').map((x) => Number.parseInt(x, 10)) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last `count` cycles, oldest first, ending with `last`. */
export function recentCycles(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => cycleBefore(last, count - 1 - i));
}

/** An instant as the partner API's query parameters take it: yyyy-MM-ddTHH:mm:ssZ. */
export function wireInstant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
