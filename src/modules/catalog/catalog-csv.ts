import type { CatalogDocument, CatalogTable, TierRow } from './catalog-document.ts';
import { invalidCatalog } from './catalog.errors.ts';

/**
 * One CSV file per catalog table (RFC 4180: comma-separated, double-quoted when needed, a header
 * row naming the columns). Lists are `;`-separated; price tiers are `up_to:unit_price` pairs
 * separated by `|`, with `*` for the open last tier (`10240:0.20|*:0.12`; a flat price is `*:0.35`).
 */
type Kind = 'str' | 'str?' | 'null?' | 'int' | 'int?' | 'list' | 'bool' | 'tiers';

const COLUMNS: Record<CatalogTable, Array<[name: string, kind: Kind]>> = {
  regions: [['code', 'str'], ['name_zh', 'str'], ['name_en', 'str']],
  measure_units: [['measure_id', 'int'], ['measure_type', 'int'], ['name_zh', 'str'], ['name_en', 'str'], ['abbreviation', 'str']],
  conversions: [['measure_id', 'int'], ['ref_measure_id', 'int'], ['conversion_ratio', 'int'], ['measure_type', 'int']],
  service_types: [['code', 'str'], ['name_zh', 'str'], ['name_en', 'str'], ['abbreviation', 'str']],
  resource_types: [['code', 'str'], ['service_type_code', 'str'], ['name_zh', 'str'], ['name_en', 'str'], ['desc_zh', 'str?'], ['desc_en', 'str?']],
  service_resources: [['service_type_code', 'str'], ['resource_type_code', 'str']],
  usage_types: [['code', 'str'], ['resource_type_code', 'str'], ['name_zh', 'str'], ['name_en', 'str'], ['measure_id', 'int']],
  resource_specs: [
    ['service_type_code', 'str'],
    ['resource_type_code', 'str'],
    ['spec_code', 'str'],
    ['name_zh', 'str'],
    ['name_en', 'str'],
    ['size_measure_id', 'int?'],
    ['min_size', 'int?'],
    ['max_size', 'int?'],
    ['charge_modes', 'list'],
    ['regions', 'list'],
  ],
  incentive_policies: [['service_type_code', 'str'], ['effective_from', 'str'], ['incentive_policy', 'str'], ['allow_discount', 'str']],
  price_books: [['code', 'str'], ['name', 'str'], ['effective_from', 'str'], ['effective_to', 'null?']],
  prices: [
    ['book_code', 'str'],
    ['service_type_code', 'str'],
    ['resource_type_code', 'str'],
    ['spec_code', 'str'],
    ['region_code', 'str'],
    ['charge_kind', 'str'],
    ['usage_factor', 'str?'],
    ['usage_measure_id', 'int?'],
    ['period_type', 'int?'],
    ['period_num', 'int?'],
    ['basis', 'str'],
    ['tiers', 'tiers'],
    ['months_capped_by_year', 'bool'],
    ['max_period_num', 'int?'],
  ],
};

export const csvColumns = (table: CatalogTable): string[] => COLUMNS[table].map(([n]) => n);

// ---- RFC 4180 ----

function quote(field: string): string {
  return /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replaceAll('"', '""')}"` : field;
}

export function encodeCsv(rows: string[][]): string {
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function decodeCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      if (row.some((f) => f !== '') || row.length > 1) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw invalidCatalog('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

// ---- values ----

function encodeTiers(tiers: TierRow[]): string {
  return tiers.map((t) => `${t.up_to ?? '*'}:${t.unit_price}`).join('|');
}

function decodeTiers(text: string, at: string): TierRow[] {
  return text.split('|').map((pair) => {
    const m = /^\s*([^:\s]+)\s*:\s*([^:\s]+)\s*$/.exec(pair);
    if (!m) throw invalidCatalog(`${at}: tiers must be up_to:unit_price pairs separated by |`);
    return { up_to: m[1] === '*' ? null : m[1]!, unit_price: m[2]! };
  });
}

function encodeValue(kind: Kind, value: unknown): string {
  if (value === undefined || value === null) return kind === 'bool' ? 'false' : '';
  switch (kind) {
    case 'list':
      return (value as string[]).join(';');
    case 'tiers':
      return encodeTiers(value as TierRow[]);
    case 'bool':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

function decodeValue(kind: Kind, text: string, at: string): unknown {
  const t = text.trim();
  switch (kind) {
    case 'str':
      return t;
    case 'str?':
      return t === '' ? undefined : t;
    case 'null?':
      return t === '' ? null : t;
    case 'int':
    case 'int?': {
      if (t === '') {
        if (kind === 'int?') return null;
        throw invalidCatalog(`${at} is required`);
      }
      if (!/^-?\d{1,10}$/.test(t)) throw invalidCatalog(`${at} must be an integer`);
      return Number(t);
    }
    case 'list':
      return t === '' ? [] : t.split(';').map((s) => s.trim());
    case 'bool':
      if (t === '' || /^(false|0|no)$/i.test(t)) return false;
      if (/^(true|1|yes)$/i.test(t)) return true;
      throw invalidCatalog(`${at} must be true or false`);
    case 'tiers':
      return decodeTiers(t, at);
  }
}

/** A document section as CSV text. A price with `unit_price` is written as one open tier. */
export function tableToCsv(table: CatalogTable, doc: CatalogDocument): string {
  const cols = COLUMNS[table];
  const rows = (doc[table] ?? []) as Array<Record<string, unknown>>;
  const body = rows.map((r) =>
    cols.map(([name, kind]) => {
      if (table === 'prices' && name === 'tiers' && r.tiers === undefined) return encodeTiers([{ up_to: null, unit_price: String(r.unit_price) }]);
      return encodeValue(kind, r[name]);
    }),
  );
  return encodeCsv([cols.map(([n]) => n), ...body]);
}

/** CSV text as a one-section document (its shape is checked by the import). */
export function csvToDocument(table: CatalogTable, text: string): CatalogDocument {
  const [header, ...rows] = decodeCsv(text);
  if (!header) throw invalidCatalog(`${table}.csv is empty`);
  const cols = new Map(COLUMNS[table]);
  const names = header.map((h) => h.trim());
  for (const n of names) if (!cols.has(n)) throw invalidCatalog(`${table}.csv: unknown column ${n}`);
  for (const [n, kind] of cols) {
    if (!names.includes(n) && (kind === 'str' || kind === 'int' || kind === 'list' || kind === 'tiers')) {
      throw invalidCatalog(`${table}.csv: missing column ${n}`);
    }
  }
  const out = rows.map((fields, i) => {
    if (fields.length !== names.length) throw invalidCatalog(`${table}.csv line ${i + 2}: expected ${names.length} fields, found ${fields.length}`);
    const obj: Record<string, unknown> = {};
    names.forEach((n, j) => {
      const v = decodeValue(cols.get(n)!, fields[j]!, `${table}.csv line ${i + 2} ${n}`);
      if (v !== undefined) obj[n] = v;
    });
    return obj;
  });
  return { [table]: out } as CatalogDocument;
}
