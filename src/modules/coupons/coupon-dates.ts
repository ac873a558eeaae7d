import { parseHuaweiUtc } from '../../platform/time-format.ts';
import { invalidParameter } from './coupons.errors.ts';

/**
 * Time filters of the coupon queries. Instants are UTC `yyyy-MM-ddTHH:mm:ssZ`; the customer's
 * coupon records take `YYYY-MM-DD` days in UTC+8, as the documents say. (The same rules as the
 * funds queries; kept here so that the modules stay apart.)
 */
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UTC8_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** A wire instant as ISO text, or CBC.0100 naming the field. */
export function wireInstant(field: string, value: string): string {
  const d = parseHuaweiUtc(value);
  if (!d) throw invalidParameter(`${field} must be a UTC time yyyy-MM-ddTHH:mm:ssZ`);
  return d.toISOString();
}

/**
 * The (from, to) bounds of a pair of instant filters: "greater than begin, less than end", as the
 * documents word it; either may be missing, empty strings count as absent.
 */
export function instantBounds(
  beginField: string,
  begin: string | null | undefined,
  endField: string,
  end: string | null | undefined,
): { after?: string; before?: string } {
  const after = begin ? wireInstant(beginField, begin) : undefined;
  const before = end ? wireInstant(endField, end) : undefined;
  if (after !== undefined && before !== undefined && after > before) throw invalidParameter(`${beginField} must not be after ${endField}`);
  return { ...(after !== undefined ? { after } : {}), ...(before !== undefined ? { before } : {}) };
}

function utc8DayStart(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utcMidnight = Date.UTC(y, mo - 1, d);
  const check = new Date(utcMidnight);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return utcMidnight - UTC8_MS;
}

/** [from, to) of trade_time_begin/trade_time_end days (UTC+8); default: a year ago today to today. */
export function dayWindow(now: Date, begin: string | null | undefined, end: string | null | undefined): { from: string; to: string } {
  const shifted = new Date(now.getTime() + UTC8_MS);
  const [y, m, d] = [shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()];
  const fromMs = begin ? utc8DayStart(begin) : Date.UTC(y - 1, m, d) - UTC8_MS;
  const endStart = end ? utc8DayStart(end) : Date.UTC(y, m, d) - UTC8_MS;
  if (fromMs === null) throw invalidParameter('trade_time_begin must be a date YYYY-MM-DD');
  if (endStart === null) throw invalidParameter('trade_time_end must be a date YYYY-MM-DD');
  if (fromMs > endStart) throw invalidParameter('trade_time_begin must not be after trade_time_end');
  return { from: new Date(fromMs).toISOString(), to: new Date(endStart + DAY_MS).toISOString() };
}

/** The instant `months` months before `now` (for "only the last 12 months" views). */
export function monthsBefore(now: Date, months: number): string {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

/** `at` plus whole days, as ISO text. */
export const addDays = (at: Date, days: number): string => new Date(at.getTime() + days * DAY_MS).toISOString();
