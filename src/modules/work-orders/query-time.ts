/**
 * Instants in list filters (query_start_time, query_end_time). Accepted: UTC
 * `yyyy-MM-ddTHH:mm:ssZ` (with or without milliseconds), epoch seconds or milliseconds, and the
 * console's `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd` read in the X-Time-Zone of the request
 * (`GMT+8` by default, as the OSM API documents). A bare date as an end bound means the end of
 * that day. Null when the text is none of these.
 */
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;
const TZ_RE = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;

/** Minutes east of UTC for an X-Time-Zone value; null when it is not one. */
export function zoneOffsetMinutes(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return 8 * 60;
  const m = TZ_RE.exec(header.trim());
  if (!m) return null;
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}

export function parseQueryTime(text: string, offsetMinutes: number, bound: 'start' | 'end'): Date | null {
  const s = text.trim();
  if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000);
  if (/^\d{13}$/.test(s)) return new Date(Number(s));
  if (ISO_RE.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = LOCAL_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'].map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(utc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== se) return null;
  const endOfDay = bound === 'end' && m[4] === undefined ? 86_400_000 - 1 : 0;
  return new Date(utc - offsetMinutes * 60_000 + endOfDay);
}
