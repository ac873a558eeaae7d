import type { ListSubCustomerCouponsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { instantBounds, monthsBefore } from './coupon-dates.ts';
import { invalidParameter } from './coupons.errors.ts';
import { countCoupons, lastOrderOf, listCoupons, type CouponFilter } from './coupons.repo.ts';
import { wireCustomerCoupon } from './coupon-views.ts';

export interface CustomerCouponsQuery {
  coupon_id?: string | null;
  order_id?: string | null;
  promotion_plan_id?: string | null;
  coupon_type?: number | null;
  status?: number | null;
  active_start_time?: string | null;
  active_end_time?: string | null;
  offset?: number | null;
  limit?: number | null;
  source_id?: string | null;
  indirect_partner_id?: string | null;
}

/**
 * The caller's own coupons (list_sub_customer_coupons). A customer (its keys, or a token its partner
 * obtained for it) sees the coupons partners issued to it. A partner sees its own coupons, and
 * partners hold none here (quotas are what the operator gives them), so a partner gets an empty
 * list once its indirect_partner_id is checked. Used, expired and reclaimed coupons only for the
 * last 12 months. Newest first.
 */
export async function listSubCustomerCoupons(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: CustomerCouponsQuery): Promise<ListSubCustomerCouponsResponse> {
  const page = pageOf(q);
  if (q.coupon_type != null && ![1, 2, 3, 4].includes(q.coupon_type)) throw invalidParameter('coupon_type must be 1 to 4');
  if (q.status != null && ![1, 2, 3, 4, 5].includes(q.status)) throw invalidParameter('status must be 1 to 5');
  const active = instantBounds('active_start_time', q.active_start_time, 'active_end_time', q.active_end_time);
  const db = deps.db.kysely;
  if (isPartnerCaller(caller)) {
    await resolveActingPartner(db, caller, q.indirect_partner_id);
    return { count: 0, user_coupons: [] };
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const filter: CouponFilter = {
    at,
    customerId: caller.accountId,
    closedNotBefore: monthsBefore(now, 12),
    ...(q.coupon_id ? { couponId: q.coupon_id } : {}),
    ...(q.order_id ? { orderId: q.order_id } : {}),
    ...(q.coupon_type != null ? { couponType: q.coupon_type } : {}),
    ...(q.status != null ? { status: q.status } : {}),
    createdAfter: active.after,
    createdBefore: active.before,
  };
  if (q.source_id) filter.partnerId = q.source_id;
  if (q.promotion_plan_id) filter.quotaId = q.promotion_plan_id;
  const [total, rows] = await Promise.all([countCoupons(db, filter), listCoupons(db, filter, page)]);
  const orders = await lastOrderOf(db, rows.map((r) => r.id));
  return { count: total, user_coupons: rows.map((c) => wireCustomerCoupon(c, at, orders.get(c.id))) };
}
