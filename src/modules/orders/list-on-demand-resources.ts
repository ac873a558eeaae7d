import type { ListCustomerOnDemandResourcesResponse, QueryCustomerOnDemandResourcesReq } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { parseHuaweiUtc } from '../../platform/time-format.ts';
import { partnersCustomer } from './order-access.ts';
import { loadNames, type Language } from './order-views.ts';
import { invalidParameter } from './orders.errors.ts';
import { onDemandResourceV2 } from './resource-views.ts';
import { countResources, listResources, type ResourceFilter } from './resources.repo.ts';

/**
 * A partner's customer's on-demand resources (list_customer_on_demand_resources). On-demand usage
 * is not rated on this platform yet, so the on-demand resources are the yearly/monthly ones that
 * were converted (at expiry or at once); each is in status 1 (normal) from its conversion.
 */
export async function listOnDemandResources(deps: Pick<Deps, 'db'>, caller: Caller, body: QueryCustomerOnDemandResourcesReq, language: Language = 'zh_CN'): Promise<ListCustomerOnDemandResourcesResponse> {
  const db = deps.db.kysely;
  const page = pageOf(body);
  const customerId = await partnersCustomer(db, caller, body.customer_id, body.indirect_partner_id);
  const ids = body.resource_ids ?? [];
  if (ids.length > 50) throw invalidParameter('resource_ids allows at most 50 ids');
  if (body.status !== undefined && body.status !== null && (body.status < 1 || body.status > 6)) throw invalidParameter('status must be 1..6');
  if (body.status !== undefined && body.status !== null && body.status !== 1) return { total_count: 0, resources: [] };
  const instant = (s: string | null | undefined, field: string) => {
    if (!s) return undefined;
    const d = parseHuaweiUtc(s);
    if (!d) throw invalidParameter(`${field} must be yyyy-MM-ddTHH:mm:ssZ`);
    return d.toISOString();
  };
  const filter: ResourceFilter = {
    customerId,
    phases: ['on_demand'],
    ...(ids.length ? { ids, onlyMain: false } : {}),
    ...(body.region_code ? { regionCode: body.region_code } : {}),
    ...(body.service_type_code ? { serviceTypeCode: body.service_type_code } : {}),
  };
  const from = instant(body.effective_time_begin, 'effective_time_begin');
  const to = instant(body.effective_time_end, 'effective_time_end');
  if (from) filter.closedFrom = from;
  if (to) filter.closedTo = to;
  const [total, rows] = await Promise.all([countResources(db, filter), listResources(db, filter, page)]);
  const names = await loadNames(db, language, rows);
  return { total_count: total, resources: rows.map((r) => onDemandResourceV2(r, names)) };
}
