import type { Deps } from '../../platform/deps.ts';
import { pageOf } from '../../platform/pagination.ts';
import type { ListIncentiveDiscountPoliciesResponse } from '../../contract/generated/models.ts';
import { invalidParameter } from './catalog.errors.ts';
import { policiesAt } from './catalog.repo.ts';
import { localized, type Language } from './localized.ts';

/** The last second of a `YYYY-MM` month in UTC+8, as a stored instant. */
export function endOfChinaMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const y = m ? Number(m[1]) : NaN;
  const mo = m ? Number(m[2]) : NaN;
  if (!m || mo < 1 || mo > 12 || y < 1970) throw invalidParameter('time must be YYYY-MM');
  // The first instant of the next month at UTC+8, minus one second.
  return new Date(Date.UTC(y, mo, 1) - 8 * 3600_000 - 1000).toISOString();
}

/**
 * Per service type, the incentive policy and whether partner-set discounts may apply, as they
 * stood at the last second of the given month (UTC+8). An absent `service_type_code` does not
 * filter; an empty one does.
 */
export async function listIncentiveDiscountPolicies(
  deps: Deps,
  query: { time: string; service_type_code?: string; offset?: number; limit?: number },
  language: Language = 'zh_CN',
): Promise<ListIncentiveDiscountPoliciesResponse> {
  const at = endOfChinaMonth(query.time);
  const page = pageOf(query, 100);
  const rows = await policiesAt(deps.db.kysely, at, query.service_type_code);
  return {
    total_count: rows.length,
    policies: rows.slice(page.offset, page.offset + page.limit).map((p) => ({
      service_type_code: p.service_type_code,
      service_type_name: localized(language, p.name_zh, p.name_en),
      incentive_policy: p.incentive_policy,
      allow_discount: p.allow_discount,
    })),
  };
}
