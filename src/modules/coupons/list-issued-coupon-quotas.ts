import type { ListIssuedCouponQuotasResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { accountNames } from './account-names.ts';
import { wireIssuedQuota } from './quota-views.ts';
import { countQuotas, listQuotas, type QuotaFilter } from './quotas.repo.ts';

export interface IssuedQuotasQuery {
  quota_id?: string | null;
  indirect_partner_id?: string | null;
  parent_quota_id?: string | null;
  offset?: number | null;
  limit?: number | null;
}

/**
 * The quotas a tier-1 distributor passed to its tier-2 resellers (list_issued_coupon_quotas),
 * reclaimed ones included (status 6); for one tier-2 when indirect_partner_id names it. Newest first.
 */
export async function listIssuedCouponQuotas(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: IssuedQuotasQuery): Promise<ListIssuedCouponQuotasResponse> {
  const page = pageOf(q);
  const db = deps.db.kysely;
  const at = iso(deps.clock.now());
  const tier2 = q.indirect_partner_id ? await resolveActingPartner(db, caller, q.indirect_partner_id) : null;
  const filter: QuotaFilter = {
    at,
    issued: true,
    parentOwnerId: caller.accountId,
    ...(tier2 ? { partnerIds: [tier2] } : {}),
    ...(q.quota_id ? { ids: [q.quota_id] } : {}),
    ...(q.parent_quota_id ? { parentQuotaId: q.parent_quota_id } : {}),
  };
  const [total, rows] = await Promise.all([countQuotas(db, filter), listQuotas(db, filter, page)]);
  const names = await accountNames(db, rows.map((r) => r.partnerId));
  return { total_count: total, quotas: rows.map((r) => wireIssuedQuota(r, at, names.get(r.partnerId) ?? { id: r.partnerId, name: '', displayName: '' })) };
}
