import { parseHuaweiUtc } from '../../platform/time-format.ts';
import { invalidParameter } from './funds.errors.ts';

/**
 * Dates of the income/expense record queries: `YYYY-MM-DD` days in UTC+8 (China time), as the
 * documents say; the window runs from the start of the first day to the end of the last.
 */
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UTC8_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The instant a UTC+8 day starts, or null when `day` is not a real YYYY-MM-DD date. */
function utc8DayStart(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utcMidnight = Date.UTC(y, mo - 1, d);
  const check = new Date(utcMidnight);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return utcMidnight - UTC8_MS;
}

/** The UTC+8 calendar day of an instant, as [year, month (1-12), day]. */
function utc8Day(at: Date): [number, number, number] {
  const shifted = new Date(at.getTime() + UTC8_MS);
  return [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()];
}

/**
 * The [from, to) window of ISO instants for trade_time_begin/trade_time_end. Defaults: from the same
 * day one year ago to today (UTC+8). Empty strings count as absent.
 */
export function recordWindow(now: Date, begin: string | null | undefined, end: string | null | undefined): { from: string; to: string } {
  const [y, m, d] = utc8Day(now);
  const fromMs = begin ? utc8DayStart(begin) : Date.UTC(y - 1, m - 1, d) - UTC8_MS;
  const endStart = end ? utc8DayStart(end) : Date.UTC(y, m - 1, d) - UTC8_MS;
  if (fromMs === null) throw invalidParameter('trade_time_begin must be a date YYYY-MM-DD');
  if (endStart === null) throw invalidParameter('trade_time_end must be a date YYYY-MM-DD');
  if (fromMs > endStart) throw invalidParameter('trade_time_begin must not be after trade_time_end');
  return { from: new Date(fromMs).toISOString(), to: new Date(endStart + DAY_MS).toISOString() };
}

/**
 * The [from, to) window for UTC instants (`yyyy-MM-ddTHH:mm:ssZ`), the end second included. Empty
 * strings count as absent; either bound may be missing.
 */
export function instantWindow(
  beginField: string,
  begin: string | null | undefined,
  endField: string,
  end: string | null | undefined,
): { from?: string; to?: string } {
  const parse = (field: string, value: string) => {
    const d = parseHuaweiUtc(value);
    if (!d) throw invalidParameter(`${field} must be a UTC time yyyy-MM-ddTHH:mm:ssZ`);
    return d.getTime();
  };
  const from = begin ? parse(beginField, begin) : undefined;
  const to = end ? parse(endField, end) + 1000 : undefined;
  if (from !== undefined && to !== undefined && from >= to) throw invalidParameter(`${beginField} must not be after ${endField}`);
  return {
    ...(from !== undefined ? { from: new Date(from).toISOString() } : {}),
    ...(to !== undefined ? { to: new Date(to).toISOString() } : {}),
  };
}
