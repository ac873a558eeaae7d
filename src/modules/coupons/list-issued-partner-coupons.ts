import type { ListIssuedPartnerCouponsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { instantBounds, monthsBefore } from './coupon-dates.ts';
import { invalidParameter } from './coupons.errors.ts';
import { countCoupons, lastOrderOf, listCoupons, type CouponFilter } from './coupons.repo.ts';
import { wirePartnerCoupon } from './coupon-views.ts';

export interface IssuedCouponsQuery {
  coupon_id?: string | null;
  customer_id?: string | null;
  order_id?: string | null;
  coupon_type?: number | null;
  status?: number | null;
  create_time_begin?: string | null;
  create_time_end?: string | null;
  effective_time_begin?: string | null;
  effective_time_end?: string | null;
  expire_time_begin?: string | null;
  expire_time_end?: string | null;
  offset?: number | null;
  limit?: number | null;
  indirect_partner_id?: string | null;
}

/** How far back the list reaches: coupons whose expiry is within the last 12 months, or later. */
export const ISSUED_LIST_MONTHS = 12;

/**
 * The coupons a partner issued (list_issued_partner_coupons), or its tier-2's when a tier-1 names
 * it; resale customers only (the only ones partners issue to). Newest first.
 */
export async function listIssuedPartnerCoupons(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: IssuedCouponsQuery): Promise<ListIssuedPartnerCouponsResponse> {
  const page = pageOf(q);
  if (q.coupon_type != null && q.coupon_type !== 1 && q.coupon_type !== 4) throw invalidParameter('coupon_type must be 1 (voucher) or 4 (cash coupon)');
  if (q.status != null && ![1, 2, 3, 4, 5].includes(q.status)) throw invalidParameter('status must be 1 to 5');
  const now = deps.clock.now();
  const at = now.toISOString();
  const created = instantBounds('create_time_begin', q.create_time_begin, 'create_time_end', q.create_time_end);
  const valid = instantBounds('effective_time_begin', q.effective_time_begin, 'effective_time_end', q.effective_time_end);
  const expire = instantBounds('expire_time_begin', q.expire_time_begin, 'expire_time_end', q.expire_time_end);
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, q.indirect_partner_id);
  const floor = monthsBefore(now, ISSUED_LIST_MONTHS);
  const filter: CouponFilter = {
    at,
    partnerId,
    ...(q.coupon_id ? { couponId: q.coupon_id } : {}),
    ...(q.customer_id ? { customerId: q.customer_id } : {}),
    ...(q.order_id ? { orderId: q.order_id } : {}),
    ...(q.coupon_type != null ? { couponType: q.coupon_type } : {}),
    ...(q.status != null ? { status: q.status } : {}),
    createdAfter: created.after,
    createdBefore: created.before,
    validAfter: valid.after,
    validBefore: valid.before,
    expireAfter: expire.after !== undefined && expire.after > floor ? expire.after : floor,
    expireBefore: expire.before,
  };
  const [total, rows] = await Promise.all([countCoupons(db, filter), listCoupons(db, filter, page)]);
  const orders = await lastOrderOf(db, rows.map((r) => r.id));
  return { total_count: total, user_coupons: rows.map((c) => wirePartnerCoupon(c, at, orders.get(c.id))) };
}
