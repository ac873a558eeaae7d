import crypto from 'node:crypto';
import { isNegative, parseDecimal, toExactText } from '../../platform/rational.ts';
import { UnreadableRecord } from './usage-input.ts';
import { cycleAndDay, hourStartOf, nextHour, parseUtcInstant } from './usage-calendar.ts';

/**
 * One usage record as senders write it (JSON, NDJSON, CSV columns of the same names), checked
 * field by field. Pure: what needs the database (customer, product, late window) is checked by
 * the ingestion use case.
 */
export interface UsageRecordInput {
  record_id: string;
  customer_id: string;
  resource_id: string;
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  region_code: string;
  usage_type: string;
  /** Decimal text (preferred) or a JSON number, read from its shortest decimal text. */
  usage_value: string | number;
  usage_measure_id: number;
  begin_time: string;
  end_time: string;
  resource_size?: number | null;
  size_measure_id?: number | null;
}

export interface ParsedUsageRecord {
  recordId: string;
  customerId: string;
  resourceId: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  specCode: string;
  regionCode: string;
  usageType: string;
  /** Canonical exact decimal text. */
  usageValue: string;
  usageMeasureId: number;
  begin: Date;
  end: Date;
  hourStart: Date;
  /** ISO texts (`toISOString`) of begin, end and hourStart. */
  beginIso: string;
  endIso: string;
  hourStartIso: string;
  billCycle: string;
  resourceSize: number | null;
  sizeMeasureId: number | null;
  contentHash: string;
}

export type Parsed = { ok: true; record: ParsedUsageRecord } | { ok: false; recordId: string | null; code: 'CBC.0100'; message: string };

const TEXT_FIELDS = ['record_id', 'customer_id', 'resource_id', 'service_type_code', 'resource_type_code', 'spec_code', 'region_code', 'usage_type'] as const;
const MAX_TEXT: Record<(typeof TEXT_FIELDS)[number], number> = {
  record_id: 128,
  customer_id: 64,
  resource_id: 64,
  service_type_code: 64,
  resource_type_code: 64,
  spec_code: 128,
  region_code: 64,
  usage_type: 64,
};
/** Usage values: at most 12 decimals and 30 digits in all. */
const USAGE_TEXT = /^\d{1,18}(\.\d{1,12})?$/;
/** Usage text already in its canonical form (no leading zeros, no trailing decimal zeros): kept as it is. */
const CANONICAL_USAGE_TEXT = /^(0|[1-9]\d{0,17})(\.\d{0,11}[1-9])?$/;

/** What ingestion derives from an instant's text; meters send the same few instants over and over. */
interface InstantInfo {
  date: Date;
  iso: string;
  hourStart: Date;
  hourStartIso: string;
  nextHour: Date;
  cycle: string;
}
const instants = new Map<string, InstantInfo | null>();
function instantInfo(text: unknown): InstantInfo | null {
  if (typeof text !== 'string') return null;
  let info = instants.get(text);
  if (info === undefined) {
    const date = parseUtcInstant(text);
    if (date) {
      const hourStart = hourStartOf(date);
      info = { date, iso: date.toISOString(), hourStart, hourStartIso: hourStart.toISOString(), nextHour: nextHour(date), cycle: cycleAndDay(date).cycle };
    } else {
      info = null;
    }
    if (instants.size >= 10_000) instants.clear();
    instants.set(text, info);
  }
  return info;
}

function intOrNull(v: unknown): number | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export function parseUsageRecord(raw: unknown): Parsed {
  const bad = (recordId: string | null, message: string): Parsed => ({ ok: false, recordId, code: 'CBC.0100', message });
  if (raw instanceof UnreadableRecord) return bad(null, raw.message);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad(null, 'a usage record must be an object');
  const r = raw as Record<string, unknown>;
  const recordId = typeof r.record_id === 'string' && r.record_id.length > 0 && r.record_id.length <= 128 ? r.record_id : null;
  const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {};
  for (const f of TEXT_FIELDS) {
    const v = r[f];
    if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_TEXT[f] || v !== v.trim()) return bad(recordId, `${f} must be a string of 1..${MAX_TEXT[f]} characters without surrounding spaces`);
    text[f] = v;
  }
  const valueText = typeof r.usage_value === 'number' && Number.isFinite(r.usage_value) ? String(r.usage_value) : r.usage_value;
  if (typeof valueText !== 'string') return bad(recordId, 'usage_value must be a decimal string or number');
  let usageValue: string | null = valueText;
  if (!CANONICAL_USAGE_TEXT.test(valueText)) {
    const value = parseDecimal(valueText);
    if (!value || isNegative(value)) return bad(recordId, 'usage_value must be a decimal >= 0');
    usageValue = toExactText(value);
    if (usageValue === null || !USAGE_TEXT.test(usageValue)) return bad(recordId, 'usage_value must have at most 18 integer digits and 12 decimals');
  }
  const measure = intOrNull(r.usage_measure_id);
  if (measure === undefined || measure === null) return bad(recordId, 'usage_measure_id must be a measure id');
  const size = intOrNull(r.resource_size);
  const sizeMeasure = intOrNull(r.size_measure_id);
  if (size === undefined || sizeMeasure === undefined || (size === null) !== (sizeMeasure === null)) {
    return bad(recordId, 'resource_size and size_measure_id are integers given together, or both absent');
  }
  const beginAt = instantInfo(r.begin_time);
  const endAt = instantInfo(r.end_time);
  if (!beginAt || !endAt) return bad(recordId, 'begin_time and end_time must be UTC instants (yyyy-MM-ddTHH:mm:ssZ)');
  const begin = beginAt.date;
  const end = endAt.date;
  if (end < begin) return bad(recordId, 'end_time must not be before begin_time');
  if (end > beginAt.nextHour) return bad(recordId, 'a usage record must lie within one UTC hour');
  const record: ParsedUsageRecord = {
    recordId: text.record_id!,
    customerId: text.customer_id!,
    resourceId: text.resource_id!,
    serviceTypeCode: text.service_type_code!,
    resourceTypeCode: text.resource_type_code!,
    specCode: text.spec_code!,
    regionCode: text.region_code!,
    usageType: text.usage_type!,
    usageValue,
    usageMeasureId: measure,
    begin,
    end,
    hourStart: beginAt.hourStart,
    beginIso: beginAt.iso,
    endIso: endAt.iso,
    hourStartIso: beginAt.hourStartIso,
    billCycle: beginAt.cycle,
    resourceSize: size,
    sizeMeasureId: sizeMeasure,
    contentHash: '',
  };
  record.contentHash = contentHashOf(record);
  return { ok: true, record };
}

/** SHA-256 in hexadecimal; the one-shot `crypto.hash` (Node 20.12+) costs a third of a Hash object. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** SHA-256 over the canonical content (the id excluded): what "the same record" means. */
export function contentHashOf(r: Omit<ParsedUsageRecord, 'contentHash'>): string {
  const canonical = [
    r.customerId,
    r.resourceId,
    r.serviceTypeCode,
    r.resourceTypeCode,
    r.specCode,
    r.regionCode,
    r.usageType,
    r.usageValue,
    r.usageMeasureId,
    r.beginIso,
    r.endIso,
    r.resourceSize ?? '',
    r.sizeMeasureId ?? '',
  ].join('\u001f');
  return sha256Hex(canonical);
}
