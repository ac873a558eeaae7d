import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/pagination.ts';
import type { ListUsageTypesResponse } from '../../contract/generated/models.ts';
import { listUsageTypes as listRows } from './catalog.repo.ts';
import { localized, type Language } from './localized.ts';

/**
 * Usage types (the usage factors of on-demand rating) per resource type. An absent
 * `resource_type_code` does not filter; an empty one does (and matches nothing), as documented.
 */
export async function listUsageTypes(
  deps: Deps,
  query: { resource_type_code?: string; offset?: number; limit?: number },
  language: Language,
): Promise<ListUsageTypesResponse> {
  const { total, rows } = await listRows(deps.db.kysely, pageOf(query, 100), query.resource_type_code);
  return {
    total_count: total,
    usage_types: rows.map((u) => ({
      code: u.code,
      name: localized(language, u.name_zh, u.name_en),
      resource_type_code: u.resource_type_code,
      service_type_code: u.service_type_code,
      resource_type_name: localized(language, u.resource_name_zh, u.resource_name_en),
      service_type_name: localized(language, u.service_name_zh, u.service_name_en),
    })),
  };
}
