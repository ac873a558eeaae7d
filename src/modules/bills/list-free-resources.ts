import type { ListFreeResourceInfosReq, ListFreeResourceInfosResponse, ListFreeResourceUsagesReq, ListFreeResourceUsagesResponse } from '../../contract/generated/models.ts';
import type { Selectable } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import type { FreeResourcePackagesTable } from '../../platform/db/schema.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { cmp, parseDecimal, sub, ZERO, max, type Rational } from '../../platform/rational.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { codeOf, given } from './bill-query.ts';
import { loadBillNames, type Language } from './bill-views.ts';
import { invalidParameter } from './bills.errors.ts';
import { decimalText } from './decimal-text.ts';
import { findPackages, findPackagesById } from './usage-reads.repo.ts';

type PackageRow = Selectable<FreeResourcePackagesTable>;

const decimal = (text: string): Rational => parseDecimal(text) ?? ZERO;

/** What is left of a package. */
export const remainingOf = (p: PackageRow): Rational => max(ZERO, sub(decimal(p.amount), decimal(p.used)));

/**
 * A package's status at `now`: unsubscribed stays so; otherwise expired after its end, not yet
 * effective before its start, used up when nothing is left, else effective (the stored status is
 * only moved by rating, so time is read here).
 */
export function statusAt(p: PackageRow, now: Date): number {
  if (p.status === 4) return 4;
  const t = now.toISOString();
  if (t >= p.expire_time) return 3;
  if (t < p.effective_time) return 0;
  if (p.status === 2 || cmp(remainingOf(p), ZERO) <= 0) return 2;
  return 1;
}

/**
 * A customer's resource packages (list_free_resource_infos). Each package has one resource item
 * (its usage type), whose id is the package's; packages are not resettable (quota_reuse_mode 2).
 * limit 1..100.
 */
export async function listFreeResourceInfos(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, body: ListFreeResourceInfosReq, language: Language): Promise<ListFreeResourceInfosResponse> {
  const page = pageOf(body, 100);
  const status = codeOf(body.status ?? undefined, 'status', [0, 1, 2, 3, 4]);
  const now = deps.clock.now();
  const services = new Set((body.service_type_code_list ?? []).map((s) => s.toLowerCase()));
  const db = deps.db.kysely;
  const rows = (await findPackages(db, caller.accountId)).filter(
    (p) =>
      (!given(body.region_code) || p.region_code === body.region_code) &&
      (!given(body.order_id) || p.order_id === body.order_id) &&
      (!given(body.product_id) || p.id === body.product_id) &&
      (!given(body.product_name) || p.name === body.product_name) &&
      (!given(body.enterprise_project_id) || body.enterprise_project_id === '0') &&
      (services.size === 0 || services.has(p.service_type_code.toLowerCase())) &&
      (status === undefined || statusAt(p, now) === status),
  );
  const shown = rows.slice(page.offset, page.offset + page.limit);
  const names = await loadBillNames(db, language, shown.map((p) => ({ serviceTypeCode: p.service_type_code, resourceTypeCode: p.resource_type_code ?? '', regionCode: p.region_code ?? '', specCode: '', resourceId: null, customerId: p.customer_id })));
  return {
    total_count: rows.length,
    free_resource_packages: shown.map((p) => ({
      order_instance_id: p.id,
      ...(p.order_id ? { order_id: p.order_id } : {}),
      product_id: p.id,
      product_name: p.name,
      enterprise_project_id: '0',
      enterprise_project_scope: 0,
      effective_time: huaweiUtc(p.effective_time),
      expire_time: huaweiUtc(p.expire_time),
      status: statusAt(p, now),
      service_type_code: p.service_type_code,
      service_type_name: names.service(p.service_type_code),
      ...(p.region_code ? { region_code: p.region_code } : {}),
      source_type: 0,
      bundle_type: 'ATOMIC_PKG',
      quota_reuse_mode: 2,
      free_resources: [{ free_resource_id: p.id, usage_type_name: p.usage_type, amount: decimalText(remainingOf(p)), original_amount: decimalText(decimal(p.amount)), measure_id: p.measure_id }],
    })),
  };
}

/** What is left of the named resource items (list_free_resource_usages); ids that are not the caller's are left out. 1..100 ids. */
export async function listFreeResourceUsages(deps: Pick<Deps, 'db'>, caller: Caller, body: ListFreeResourceUsagesReq): Promise<ListFreeResourceUsagesResponse> {
  const ids = body.free_resource_ids;
  if (ids.length < 1 || ids.length > 100) throw invalidParameter('free_resource_ids must list 1..100 ids');
  if (ids.some((id) => id.length > 64)) throw invalidParameter('free_resource_ids: an id is at most 64 characters');
  const rows = await findPackagesById(deps.db.kysely, caller.accountId, ids);
  const byId = new Map(rows.map((p) => [p.id, p]));
  return {
    free_resources: ids.flatMap((id) => {
      const p = byId.get(id);
      if (!p) return [];
      byId.delete(id);
      return [
        {
          free_resource_id: p.id,
          free_resource_type_name: p.name,
          usage_type_name: p.usage_type,
          start_time: huaweiUtc(p.effective_time),
          end_time: huaweiUtc(p.expire_time),
          amount: Number(decimalText(remainingOf(p))),
          original_amount: Number(decimalText(decimal(p.amount))),
          measure_id: p.measure_id,
        },
      ];
    }),
  };
}
