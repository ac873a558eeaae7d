import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/pagination.ts';
import type { ListServiceTypesResponse } from '../../contract/generated/models.ts';
import { invalidParameter } from './catalog.errors.ts';
import { listServiceTypes as listRows } from './catalog.repo.ts';
import { localized, type Language } from './localized.ts';

export interface ListServiceTypesQuery {
  offset?: number;
  limit?: number;
  service_type_name?: string;
}

/** Cloud service types, named in the caller's language; `service_type_name` matches anywhere in the name. */
export async function listServiceTypes(deps: Deps, query: ListServiceTypesQuery, language: Language): Promise<ListServiceTypesResponse> {
  const page = pageOf(query, 1000);
  const name = query.service_type_name || undefined;
  if (name !== undefined && name.length > 128) throw invalidParameter('service_type_name must be 1-128 characters');
  const { total, rows } = await listRows(deps.db.kysely, page, language === 'en_US' ? 'name_en' : 'name_zh', name);
  return {
    total_count: total,
    service_types: rows.map((s) => ({ service_type_name: localized(language, s.name_zh, s.name_en), service_type_code: s.code, abbreviation: s.abbreviation })),
  };
}
