/**
 * Dates in the user's time zone (the browser's, or the one chosen in the header). The APIs send
 * UTC instants as ISO-8601 text; anything else is shown as it came.
 */
const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO-8601 instant as a Date; IAM writes microseconds, which Date does not promise to read. */
export function parseInstant(value: string): Date {
  return new Date(value.replace(/(\.\d{3})\d+/, '$1'));
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function formatDateTime(value: string | null | undefined, locale: string, timeZone: string): string {
  if (!value) return '—';
  if (!ISO_RE.test(value)) return value;
  const d = parseInstant(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** The UTC offset of a zone at an instant, e.g. "UTC+08:00", for labels. */
export function zoneOffsetLabel(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  const text = part?.value ?? 'GMT';
  return text === 'GMT' ? 'UTC+00:00' : text.replace('GMT', 'UTC');
}
