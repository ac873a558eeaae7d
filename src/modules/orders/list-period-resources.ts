import type { ListPayPerUseCustomerResourcesResponse, QueryResourcesReq } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { parseHuaweiUtc } from '../../platform/time-format.ts';
import { partnersCustomer } from './order-access.ts';
import { loadNames, type Language } from './order-views.ts';
import { invalidParameter } from './orders.errors.ts';
import { phasesOfStatus, periodResourceV2 } from './resource-views.ts';
import { countResources, listResources, type ResourceFilter } from './resources.repo.ts';

const instant = (s: string | null | undefined, field: string): string | undefined => {
  if (s === undefined || s === null || s === '') return undefined;
  const d = parseHuaweiUtc(s);
  if (!d) throw invalidParameter(`${field} must be yyyy-MM-ddTHH:mm:ssZ`);
  return d.toISOString();
};

/**
 * A customer's yearly/monthly resources (list_pay_per_use_customer_resources): the customer's own,
 * or, for a partner, those of the customer it names in customer_id (required). Asked by id, a main
 * resource comes with its children unless only_main_resource is 1.
 */
export async function listPeriodResources(deps: Pick<Deps, 'db'>, caller: Caller, body: QueryResourcesReq, language: Language = 'zh_CN'): Promise<ListPayPerUseCustomerResourcesResponse> {
  const db = deps.db.kysely;
  const page = pageOf(body, 500);
  let customerId = caller.accountId;
  if (isPartnerCaller(caller)) {
    if (!body.customer_id) throw invalidParameter('customer_id is required when a partner lists its customer\'s resources');
    if (body.customer_id.length > 64) throw invalidParameter('customer_id is at most 64 characters');
    customerId = await partnersCustomer(db, caller, body.customer_id);
  }
  const ids = body.resource_ids ?? [];
  if (ids.length > 50) throw invalidParameter('resource_ids allows at most 50 ids');
  const onlyMain = body.only_main_resource ?? 0;
  if (onlyMain !== 0 && onlyMain !== 1) throw invalidParameter('only_main_resource must be 0 or 1');
  const statuses = body.status_list ?? [];
  if (statuses.some((s) => ![2, 3, 4, 5].includes(s))) throw invalidParameter('status_list values are 2, 3, 4 and 5');
  if (body.service_type_code === '') throw invalidParameter('service_type_code must not be empty');
  const filter: ResourceFilter = {
    customerId,
    ...(ids.length ? { ids } : {}),
    ...(onlyMain === 1 ? { onlyMain: true } : {}),
    ...(statuses.length ? { phases: statuses.flatMap(phasesOfStatus) } : {}),
    ...(body.order_id ? { orderId: body.order_id } : {}),
    ...(body.service_type_code ? { serviceTypeCode: body.service_type_code } : {}),
  };
  const from = instant(body.expire_time_begin, 'expire_time_begin');
  const to = instant(body.expire_time_end, 'expire_time_end');
  if (from) filter.expireFrom = from;
  if (to) filter.expireTo = to;
  const [total, rows] = await Promise.all([countResources(db, filter), listResources(db, filter, page)]);
  const names = await loadNames(db, language, rows);
  return { total_count: total, data: rows.map((r) => periodResourceV2(r, names)) };
}
