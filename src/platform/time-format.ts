/** Instants on the partner API's wire: UTC `yyyy-MM-ddTHH:mm:ssZ`, no fraction. */
export function huaweiUtc(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const UTC_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Parses a wire instant strictly; null when it is not one (or names a day that does not exist). */
export function parseHuaweiUtc(s: string): Date | null {
  const m = UTC_RE.exec(s);
  if (!m) return null;
  const d = new Date(s);
  if (Number.isNaN(d.getTime()) || huaweiUtc(d) !== s) return null;
  return d;
}
