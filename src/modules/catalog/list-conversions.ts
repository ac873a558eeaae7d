import type { Deps } from '../../platform/deps.ts';
import type { ListConversionsResponse } from '../../contract/generated/models.ts';
import { allConversions } from './catalog.repo.ts';

/** Conversions between units of one measure type: 1 measure_id = conversion_ratio ref_measure_id. */
export async function listConversions(deps: Deps, query: { measure_type?: number }): Promise<ListConversionsResponse> {
  const rows = await allConversions(deps.db.kysely, query.measure_type ?? undefined);
  return {
    conversions: rows.map((c) => ({
      measure_id: c.measure_id,
      ref_measure_id: c.ref_measure_id,
      conversion_ratio: c.conversion_ratio,
      measure_type: c.measure_type,
    })),
  };
}
