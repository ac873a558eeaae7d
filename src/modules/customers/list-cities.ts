import { pageOf } from '../../platform/pagination.ts';
import type { ListCitiesResponse } from '../../contract/generated/models.ts';
import { citiesOf } from './administrative-divisions.ts';
import { checkText } from './field-rules.ts';

/** list_cities: the cities of a province; an unknown province has none. */
export async function listCities(query: { province_code: string; offset?: number; limit?: number }): Promise<ListCitiesResponse> {
  checkText('province_code', query.province_code, { required: true, max: 32 });
  const page = pageOf(query, 1000);
  const all = citiesOf(query.province_code);
  return { count: all.length, cities: all.slice(page.offset, page.offset + page.limit) };
}
