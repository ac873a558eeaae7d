import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/pagination.ts';
import type { ListServiceResourcesResponse } from '../../contract/generated/models.ts';
import { listResourceTypes as listRows } from './catalog.repo.ts';
import { localized, type Language } from './localized.ts';

/** The resource types a service type is priced by: those it owns and those it is linked to (an ECS buys disks and EIPs). */
export async function listServiceResources(
  deps: Deps,
  query: { service_type_code: string; offset?: number; limit?: number },
  language: Language,
): Promise<ListServiceResourcesResponse> {
  const { total, rows } = await listRows(deps.db.kysely, pageOf(query, 1000), query.service_type_code);
  return {
    total_count: total,
    infos: rows.map((r) => ({
      basic_info: {
        resource_type_code: r.code,
        product_owner_service: r.service_type_code,
        name: localized(language, r.name_zh, r.name_en),
        description: localized(language, r.desc_zh, r.desc_en),
      },
    })),
  };
}
