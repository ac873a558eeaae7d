import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { FILTER_STATUSES } from './case-status.ts';
import { toIncidentInfo } from './case-views.ts';
import { parseQueryTime, zoneOffsetMinutes } from './query-time.ts';
import type { Lang } from './reference-data.ts';
import { invalidParam } from './work-orders.errors.ts';
import { listCasesVisibleTo, type CaseFilter } from './work-orders.repo.ts';

export interface ListCasesQuery {
  search_key?: string[];
  label_id_list?: string[];
  app_key?: string;
  incident_id?: string;
  query_start_time?: string;
  query_end_time?: string;
  status?: number;
  incident_status?: string;
  x_customer_id?: string;
  x_customer_name?: string;
  group_id?: string;
  offset?: number;
  limit?: number;
}

const isFilterStatus = (n: number) => (FILTER_STATUSES as readonly number[]).includes(n);

function statusesOf(q: ListCasesQuery): number[] | undefined {
  let statuses: number[] | undefined;
  if (q.incident_status !== undefined && q.incident_status.trim() !== '') {
    const parts = q.incident_status.split(',').map((p) => p.trim());
    if (!parts.every((p) => /^\d{1,2}$/.test(p) && isFilterStatus(Number(p)))) throw invalidParam('incident_status must list statuses separated by commas');
    statuses = parts.map(Number);
  }
  if (q.status !== undefined) {
    if (!isFilterStatus(q.status)) throw invalidParam(`status ${q.status} is not a case status`);
    statuses = statuses ? statuses.filter((s) => s === q.status) : [q.status];
  }
  return statuses;
}

/**
 * GET /cases: the tickets the caller may see, newest first. For the operator this is every
 * ticket (its queue: filter incident_status=0,1,17); for a partner its own, its customers' and
 * (tier-1) its resellers' customers' tickets; for a customer its own. Deleted tickets are hidden.
 */
export async function listCases(deps: Pick<Deps, 'db'>, caller: Caller, q: ListCasesQuery, lang: Lang, timeZone: string | undefined) {
  const offset = zoneOffsetMinutes(timeZone);
  if (offset === null) throw invalidParam(`X-Time-Zone ${timeZone} is not like GMT+8`);
  const time = (name: 'query_start_time' | 'query_end_time', bound: 'start' | 'end') => {
    const text = q[name];
    if (text === undefined || text === '') return undefined;
    const d = parseQueryTime(text, offset, bound);
    if (!d) throw invalidParam(`${name} must be yyyy-MM-dd HH:mm:ss, yyyy-MM-ddTHH:mm:ssZ or epoch milliseconds`);
    return d.toISOString();
  };
  const filter: CaseFilter = {
    searchKeys: (q.search_key ?? []).flatMap((k) => k.split(/\s+/)).filter((k) => k !== ''),
    appKey: q.app_key || undefined,
    incidentId: q.incident_id || undefined,
    createdFrom: time('query_start_time', 'start'),
    createdTo: time('query_end_time', 'end'),
    statuses: statusesOf(q),
    xCustomerId: q.x_customer_id || undefined,
    xCustomerName: q.x_customer_name || undefined,
    labelFilter: (q.label_id_list ?? []).some((l) => l !== ''),
  };
  const page = { offset: q.offset ?? 0, limit: q.limit ? q.limit : 10 };
  const { total, rows } = await listCasesVisibleTo(deps.db.kysely, caller, filter, page);
  return { total_count: total, incident_info_list: rows.map((r) => toIncidentInfo(r, lang)) };
}
