import type { ListResourceUsageResponse, ListResourceUsageSummaryResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { rat } from '../../platform/rational.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { parseCycle } from './bill-calendar.ts';
import { decimalText } from './decimal-text.ts';
import { countPointsByResource, findPercentileLines, listPoints, type PointFilter } from './usage-reads.repo.ts';

/** 5-minute points in a day. */
const POINTS_PER_DAY = 288n;

export interface ResourceUsageQuery {
  bill_cycle: string;
  service_type_code: string;
  resource_type_code: string;
  usage_type: string;
  resource_id?: string;
  offset?: number | null;
  limit?: number | null;
}

function pointFilter(caller: Caller, q: ResourceUsageQuery): PointFilter {
  return {
    customerId: caller.accountId,
    cycle: parseCycle(q.bill_cycle, 'bill_cycle'),
    serviceTypeCode: q.service_type_code,
    resourceTypeCode: q.resource_type_code,
    usageType: q.usage_type,
  };
}

/** Days with measurements: reported points / 288, exact to 20 decimals. */
const actualDays = (points: number) => decimalText(rat(BigInt(points), POINTS_PER_DAY));

/**
 * A resource's 95th-percentile bandwidth points of a month (list_resource_usage): the 5-minute
 * points in time order, the days they cover, and the billed bandwidth once the month was closed
 * (empty before). limit 1..1000.
 */
export async function listResourceUsage(deps: Pick<Deps, 'db'>, caller: Caller, q: ResourceUsageQuery & { resource_id: string }): Promise<ListResourceUsageResponse> {
  const page = pageOf(q, 1000);
  const filter = { ...pointFilter(caller, q), resourceId: q.resource_id };
  const db = deps.db.kysely;
  const [counts, points, lines] = await Promise.all([
    countPointsByResource(db, filter),
    listPoints(db, filter, page),
    findPercentileLines(db, caller.accountId, filter.cycle, filter.usageType, [q.resource_id]),
  ]);
  const total = counts[0]?.points ?? 0;
  const line = lines.get(q.resource_id);
  return {
    actual_days: actualDays(total),
    ...(line ? { band_width: line.value, band_width_measure_id: line.measureId } : {}),
    total_count: total,
    usage_info_list: points.map((p) => ({ stat_time: huaweiUtc(p.begin_time), usage: p.usage_value, measure_id: p.usage_measure_id })),
  };
}

/** Per resource, the days measured and the billed 95th-percentile bandwidth of a month (list_resource_usage_summary). limit 1..1000. */
export async function listResourceUsageSummary(deps: Pick<Deps, 'db'>, caller: Caller, q: ResourceUsageQuery): Promise<ListResourceUsageSummaryResponse> {
  const page = pageOf(q, 1000);
  const filter = pointFilter(caller, q);
  const db = deps.db.kysely;
  const counts = await countPointsByResource(db, filter);
  const shown = counts.slice(page.offset, page.offset + page.limit);
  const lines = await findPercentileLines(db, caller.accountId, filter.cycle, filter.usageType, shown.map((c) => c.resourceId));
  return {
    total_count: counts.length,
    summary_usage_info_list: shown.map((c) => {
      const line = lines.get(c.resourceId);
      return { resource_id: c.resourceId, actual_days: actualDays(c.points), ...(line ? { band_width: line.value, band_width_measure_id: line.measureId } : {}) };
    }),
  };
}
