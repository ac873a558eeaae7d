import { pageOf } from '../../platform/pagination.ts';
import type { ListProvincesResponse } from '../../contract/generated/models.ts';
import { provinces } from './administrative-divisions.ts';

/** list_provinces: China's provinces by code; limit at most 1000 (default 10). X-Language does not change the (Chinese) names. */
export async function listProvinces(query: { offset?: number; limit?: number }): Promise<ListProvincesResponse> {
  const page = pageOf(query, 1000);
  const all = provinces();
  return { count: all.length, provinces: all.slice(page.offset, page.offset + page.limit) };
}
