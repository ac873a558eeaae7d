import type { ListQuotaCouponsResponse, QueryCouponQuotasReqExt } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { instantBounds } from './coupon-dates.ts';
import { invalidParameter } from './coupons.errors.ts';
import { wireQuota } from './quota-views.ts';
import { countQuotas, listQuotas, type QuotaFilter } from './quotas.repo.ts';

const SHOWN_STATUSES = [0, 3, 4, 5, 6];

/**
 * A partner's coupon quotas (list_quota_coupons): its own, or a tier-2's when its tier-1 names it
 * (indirect_partner_id). Voucher quotas unless quota_type says otherwise, as documented; statuses
 * as of now (a normal quota past its expiry shows 3). Newest first.
 */
export async function listQuotaCoupons(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Caller,
  req: QueryCouponQuotasReqExt,
): Promise<ListQuotaCouponsResponse> {
  const page = pageOf(req);
  const quotaType = req.quota_type ?? 0;
  if (quotaType !== 0 && quotaType !== 1) throw invalidParameter('quota_type must be 0 (voucher) or 1 (cash coupon)');
  const statuses = req.quota_status_list?.length ? req.quota_status_list : undefined;
  if (statuses?.some((s) => !SHOWN_STATUSES.includes(s))) throw invalidParameter(`quota_status_list values must be among ${SHOWN_STATUSES.join(', ')}`);
  const at = iso(deps.clock.now());
  const created = instantBounds('create_time_begin', req.create_time_begin, 'create_time_end', req.create_time_end);
  const effective = instantBounds('effective_time_begin', req.effective_time_begin, 'effective_time_end', req.effective_time_end);
  const expire = instantBounds('expire_time_begin', req.expire_time_begin, 'expire_time_end', req.expire_time_end);
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, req.indirect_partner_id);
  const filter: QuotaFilter = {
    at,
    partnerIds: [partnerId],
    quotaType,
    ...(req.quota_ids?.length ? { ids: req.quota_ids } : {}),
    ...(statuses ? { statuses } : {}),
    createdAfter: created.after,
    createdBefore: created.before,
    effectiveAfter: effective.after,
    effectiveBefore: effective.before,
    expireAfter: expire.after,
    expireBefore: expire.before,
  };
  const [total, rows] = await Promise.all([countQuotas(db, filter), listQuotas(db, filter, page)]);
  return { total_count: total, quotas: rows.map((q) => wireQuota(q, at)) };
}
