import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import { findOffers, loadUnitTable, productKeyText, type ProductKey } from '../catalog/index.ts';
import { cycleBounds, nextHour } from './usage-calendar.ts';
import { resolveRule } from './usage-pricing.ts';
import { parseUsageRecord, type ParsedUsageRecord } from './usage-record.ts';
import { usageSettings } from './usage-settings.ts';
import { findContentHashes, findCustomerPartners, insertNewRecords, type UsageRecordInsert } from './usage.repo.ts';
import { CLOSE_JOB, RATE_JOB } from './usage-jobs.ts';

export interface UsageRejection {
  /** Position of the record in the batch (0-based). */
  index: number;
  record_id: string | null;
  code: string;
  message: string;
}

export interface IngestResult {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejections: UsageRejection[];
}

export interface IngestInput {
  /** Who sent the records: record ids are unique per source. */
  source: string;
  records: readonly unknown[];
  /** Overrides USAGE_LATE_WINDOW_HOURS (tests). */
  lateWindowMs?: number;
}

/** Records are written in transactions of this many. */
const CHUNK = 5000;
/** How far ahead of the business clock a record may end (meters' clocks drift). */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Ingests a batch of usage records: each is checked on its own (fields, window, customer,
 * product and usage type), and the bad ones are answered with their reasons while the rest land.
 * Idempotent by (source, record_id): the same record again counts as a duplicate, the same id
 * with other content is rejected (PBSS.4001). The hourly rating and the month's close are
 * scheduled in the transaction that writes the records.
 */
export async function ingestUsage(deps: Pick<Deps, 'db' | 'clock'>, input: IngestInput): Promise<IngestResult> {
  const result: IngestResult = { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
  const lateWindowMs = input.lateWindowMs ?? usageSettings().lateWindowMs;
  const reject = (index: number, recordId: string | null, code: string, message: string) => {
    result.rejected += 1;
    result.rejections.push({ index, record_id: recordId, code, message });
  };
  if (typeof input.source !== 'string' || input.source.length === 0 || input.source.length > 64) {
    throw new Error('source must be a string of 1..64 characters');
  }
  for (let offset = 0; offset < input.records.length; offset += CHUNK) {
    await ingestChunk(deps, input.source, input.records.slice(offset, offset + CHUNK), offset, lateWindowMs, result, reject);
  }
  result.rejections.sort((a, b) => a.index - b.index);
  return result;
}

type Reject = (index: number, recordId: string | null, code: string, message: string) => void;

async function ingestChunk(
  deps: Pick<Deps, 'db' | 'clock'>,
  source: string,
  raws: readonly unknown[],
  offset: number,
  lateWindowMs: number,
  result: IngestResult,
  reject: Reject,
): Promise<void> {
  const now = deps.clock.now();
  const at = iso(now);
  const seen = new Map<string, string>();
  const candidates: Array<{ index: number; record: ParsedUsageRecord }> = [];
  raws.forEach((raw, i) => {
    const index = offset + i;
    const parsed = parseUsageRecord(raw);
    if (!parsed.ok) return reject(index, parsed.recordId, parsed.code, parsed.message);
    const r = parsed.record;
    const earlier = seen.get(r.recordId);
    if (earlier !== undefined) {
      if (earlier === r.contentHash) result.duplicate += 1;
      else reject(index, r.recordId, 'PBSS.4001', `record ${r.recordId} appears twice in the batch with different content`);
      return;
    }
    seen.set(r.recordId, r.contentHash);
    if (r.end.getTime() < now.getTime() - lateWindowMs) return reject(index, r.recordId, 'PBSS.4002', `the record ended ${r.end.toISOString()}, before the late window (${lateWindowMs / 3_600_000} h) opened`);
    if (r.end.getTime() > now.getTime() + FUTURE_SKEW_MS) return reject(index, r.recordId, 'PBSS.4002', `the record ends in the future (${r.end.toISOString()})`);
    candidates.push({ index, record: r });
  });
  if (candidates.length === 0) return;

  const partners = await findCustomerPartners(deps.db.kysely, candidates.map((c) => c.record.customerId));
  const keys = new Map<string, ProductKey>();
  for (const { record: r } of candidates) {
    const key = { service: r.serviceTypeCode, resource: r.resourceTypeCode, spec: r.specCode, region: r.regionCode };
    keys.set(productKeyText(key), key);
  }
  const [offers, units] = await Promise.all([findOffers(deps, [...keys.values()], at), loadUnitTable(deps)]);
  const rows: Array<{ index: number; row: UsageRecordInsert }> = [];
  // Records of one product, usage type, unit and size resolve alike: once per chunk.
  const rules = new Map<string, ReturnType<typeof resolveRule>>();
  for (const { index, record: r } of candidates) {
    const partnerId = partners.get(r.customerId);
    if (partnerId === undefined) {
      reject(index, r.recordId, 'PBSS.4003', `no customer ${r.customerId}`);
      continue;
    }
    const productKey = `${r.serviceTypeCode}|${r.resourceTypeCode}|${r.specCode}|${r.regionCode}`;
    const ruleKey = `${productKey}|${r.usageType}|${r.usageMeasureId}|${r.resourceSize ?? ''}|${r.sizeMeasureId ?? ''}`;
    let resolved = rules.get(ruleKey);
    if (!resolved) rules.set(ruleKey, (resolved = resolveRule(offers.get(productKey) ?? null, r, units)));
    if (!resolved.ok) {
      reject(index, r.recordId, resolved.code, resolved.message);
      continue;
    }
    rows.push({
      index,
      row: {
        source,
        record_id: r.recordId,
        content_hash: r.contentHash,
        customer_id: r.customerId,
        partner_id: partnerId,
        resource_id: r.resourceId,
        service_type_code: r.serviceTypeCode,
        resource_type_code: r.resourceTypeCode,
        spec_code: r.specCode,
        region_code: r.regionCode,
        resource_size: r.resourceSize,
        size_measure_id: r.sizeMeasureId,
        usage_type: r.usageType,
        usage_value: r.usageValue,
        usage_measure_id: r.usageMeasureId,
        begin_time: r.beginIso,
        end_time: r.endIso,
        hour_start: r.hourStartIso,
        bill_cycle: r.billCycle,
        ingested_at: at,
        status: resolved.p95 ? 2 : 0,
        rated_line_id: null,
        rating_error: null,
      },
    });
  }
  if (rows.length === 0) return;

  await deps.db.kysely.transaction().execute(async (trx) => {
    const inserted = await insertNewRecords(trx, rows.map((r) => r.row));
    const others = rows.filter((r) => !inserted.has(r.row.record_id));
    const stored = others.length ? await findContentHashes(trx, source, others.map((r) => r.row.record_id)) : new Map<string, string>();
    for (const o of others) {
      if (stored.get(o.row.record_id) === o.row.content_hash) result.duplicate += 1;
      else reject(o.index, o.row.record_id, 'PBSS.4001', `record ${o.row.record_id} was already ingested from ${source} with other content`);
    }
    result.accepted += inserted.size;
    // The rating of each hour touched (late records: the next hour from now), and each month's close.
    const rateAt = new Set<number>();
    const cycles = new Set<string>();
    const hours = new Set<string>();
    for (const r of rows) {
      if (!inserted.has(r.row.record_id)) continue;
      hours.add(r.row.hour_start);
      cycles.add(r.row.bill_cycle);
    }
    for (const hour of hours) rateAt.add(nextHour(new Date(Math.max(Date.parse(hour), now.getTime()))).getTime());
    for (const t of rateAt) await scheduleJob(trx, now, { kind: RATE_JOB, key: new Date(t).toISOString(), runAt: new Date(t) });
    for (const cycle of cycles) {
      await scheduleJob(trx, now, { kind: CLOSE_JOB, key: cycle, runAt: closeTimeOf(cycle, lateWindowMs), payload: { cycle } });
    }
  });
}

/** A month closes once its last records can no longer arrive: its end, the late window, and an hour. */
export function closeTimeOf(cycle: string, lateWindowMs: number): Date {
  return new Date(cycleBounds(cycle).end.getTime() + lateWindowMs + 3_600_000);
}
