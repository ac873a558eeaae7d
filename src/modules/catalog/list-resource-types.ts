import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/pagination.ts';
import type { ListResourceTypesResponse } from '../../contract/generated/models.ts';
import { listResourceTypes as listRows } from './catalog.repo.ts';
import { localized, type Language } from './localized.ts';

/** Every resource type with the service type that owns it. */
export async function listResourceTypes(deps: Deps, query: { offset?: number; limit?: number }, language: Language): Promise<ListResourceTypesResponse> {
  const { total, rows } = await listRows(deps.db.kysely, pageOf(query, 1000));
  return {
    total_count: total,
    resource_types: rows.map((r) => ({
      resource_type_code: r.code,
      resource_type_name: localized(language, r.name_zh, r.name_en),
      resource_type_desc: localized(language, r.desc_zh, r.desc_en),
      service_type_code: r.service_type_code,
    })),
  };
}
