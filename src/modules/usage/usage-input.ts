/**
 * Reading batches of usage records: a JSON array, NDJSON (one record per line) or CSV (a header
 * row of the record's field names). A line that cannot be read becomes a rejected record (its
 * index kept), not a failed batch. Pure.
 */
export type UsageFormat = 'json' | 'ndjson' | 'csv';

/** Something that is not a record: ingestion rejects it at its index with this message. */
export class UnreadableRecord {
  constructor(readonly message: string) {}
}

export function parseNdjson(text: string): unknown[] {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    try {
      out.push(JSON.parse(t) as unknown);
    } catch {
      out.push(new UnreadableRecord('the line is not valid JSON'));
    }
  }
  return out;
}

/** A CSV line split on commas, with double-quoted fields ("" for a quote inside). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

const NUMERIC = new Set(['usage_measure_id', 'resource_size', 'size_measure_id']);

export function parseCsv(text: string): unknown[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const header = splitCsvLine(lines[0]!).map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    if (cells.length !== header.length) return new UnreadableRecord(`expected ${header.length} fields, got ${cells.length}`);
    const rec: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = cells[i]!;
      if (v === '') return;
      rec[h] = NUMERIC.has(h) && /^\d+$/.test(v) ? Number(v) : v;
    });
    return rec;
  });
}

export function parseUsageBatch(text: string, format: UsageFormat): unknown[] {
  switch (format) {
    case 'ndjson':
      return parseNdjson(text);
    case 'csv':
      return parseCsv(text);
    case 'json': {
      const doc = JSON.parse(text) as unknown;
      if (Array.isArray(doc)) return doc;
      if (doc && typeof doc === 'object' && Array.isArray((doc as { records?: unknown }).records)) return (doc as { records: unknown[] }).records;
      throw new Error('a JSON batch is an array of records or {"records": [...]}');
    }
  }
}
