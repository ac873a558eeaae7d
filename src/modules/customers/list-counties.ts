import { pageOf } from '../../platform/pagination.ts';
import type { ListCountiesResponse } from '../../contract/generated/models.ts';
import { countiesOf } from './administrative-divisions.ts';
import { checkText } from './field-rules.ts';

/** list_counties: the county-level divisions of a city; an unknown city has none. */
export async function listCounties(query: { city_code: string; offset?: number; limit?: number }): Promise<ListCountiesResponse> {
  checkText('city_code', query.city_code, { required: true, max: 32 });
  const page = pageOf(query, 1000);
  const all = countiesOf(query.city_code);
  return { count: all.length, counties: all.slice(page.offset, page.offset + page.limit) };
}
