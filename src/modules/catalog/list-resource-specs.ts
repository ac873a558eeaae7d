import type { Deps } from '../../platform/deps.ts';
import type { ListResourceSpecsResponse, ResourceSpecsQueryReq } from '../../contract/generated/models.ts';
import { invalidParameter } from './catalog.errors.ts';
import { listSpecsInRegion } from './catalog.repo.ts';
import { localized, type Language } from './localized.ts';

/** The marker is the last spec code of the page, opaque to the caller. */
const encodeMarker = (spec: string) => Buffer.from(spec, 'utf8').toString('base64url');
function decodeMarker(marker: string): string {
  const spec = /^[A-Za-z0-9_-]{1,200}$/.test(marker) ? Buffer.from(marker, 'base64url').toString('utf8') : '';
  if (!spec || encodeMarker(spec) !== marker) throw invalidParameter('marker is not one this API returned');
  return spec;
}

/**
 * The specs of one resource type sold in a region under a charge mode ("1" yearly/monthly, "3"
 * on-demand), by spec code, paged by marker: `next_marker` is present while more follow. The one
 * filter allowed, RESOURCE_SPEC, matches anywhere in the spec code.
 */
export async function listResourceSpecs(deps: Deps, req: ResourceSpecsQueryReq, language: Language): Promise<ListResourceSpecsResponse> {
  const mode = req.charge_mode === '1' ? 'period' : req.charge_mode === '3' ? 'on_demand' : null;
  if (!mode) throw invalidParameter('charge_mode must be 1 (yearly/monthly) or 3 (on-demand)');
  const limit = req.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidParameter('limit must be 1..100');
  const filters = req.filters ?? [];
  if (filters.length > 1) throw invalidParameter('filters allows at most 1 condition');
  const filter = filters[0];
  if (filter && filter.key !== 'RESOURCE_SPEC') throw invalidParameter('filters[0].key must be RESOURCE_SPEC');
  const rows = await listSpecsInRegion(
    deps.db.kysely,
    {
      service: req.cloud_service_type,
      resource: req.resource_type,
      region: req.region_code,
      mode,
      specContains: filter?.value || undefined,
      after: req.marker ? decodeMarker(req.marker) : undefined,
    },
    limit,
  );
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    page_info: more ? { next_marker: encodeMarker(page[page.length - 1]!.spec_code) } : {},
    cloud_service_basics: page.map((s) => ({
      cloud_service_type: s.service_type_code,
      cloud_service_type_name: localized(language, s.service_name_zh, s.service_name_en),
      resource_type: s.resource_type_code,
      resource_type_name: localized(language, s.resource_name_zh, s.resource_name_en),
      resource_spec: s.spec_code,
      resource_spec_name: localized(language, s.name_zh, s.name_en),
      charge_mode: req.charge_mode,
      region_code: req.region_code,
    })),
  };
}
