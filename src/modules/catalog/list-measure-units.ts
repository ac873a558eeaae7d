import type { Deps } from '../../platform/deps.ts';
import type { ListMeasureUnitsResponse } from '../../contract/generated/models.ts';
import { allMeasureUnits } from './catalog.repo.ts';
import { localized, type Language } from './localized.ts';

/** Every measurement unit (money, durations, traffic, capacity, bandwidth, counts). */
export async function listMeasureUnits(deps: Deps, language: Language): Promise<ListMeasureUnitsResponse> {
  const rows = await allMeasureUnits(deps.db.kysely);
  return {
    measure_units: rows.map((u) => ({
      measure_id: u.measure_id,
      measure_name: localized(language, u.name_zh, u.name_en),
      abbreviation: u.abbreviation,
      measure_type: u.measure_type,
    })),
  };
}
