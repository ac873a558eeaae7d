import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/pagination.ts';
import { discountView, type DiscountView } from './discount-rows.ts';
import { listDiscountRows, type DiscountFilter } from './discounts.repo.ts';

/** Discounts, newest first: a partner sees the ones it granted; the operator any, filtered. */
export async function listDiscounts(
  deps: Deps,
  filter: DiscountFilter,
  page: { offset?: number; limit?: number },
): Promise<{ total_count: number; discounts: DiscountView[] }> {
  const { total, rows } = await listDiscountRows(deps.db.kysely, filter, pageOf(page, 100));
  return { total_count: total, discounts: rows.map(discountView) };
}
