import type { IQueryUserCouponsResultV2, IQueryUserPartnerCouponsResultV2 } from '../../contract/generated/models.ts';
import { formatAmount } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { couponUseLimits } from './coupon-limits.ts';
import { couponStatusAt, type CouponRow } from './coupons.repo.ts';
import { CURRENCY, MEASURE_YUAN } from './record-types.ts';

/** Electronic coupons, issued online by a partner. */
const MEDIA_ELECTRONIC = 1;
const FETCH_ISSUED_ONLINE = 3;
/** Coupons with a balance, usable until spent (version 2). */
const COUPON_VERSION_BALANCE = 2;

/** A coupon as list_issued_partner_coupons answers it. */
export function wirePartnerCoupon(c: CouponRow, at: string, orderId: string | undefined): IQueryUserPartnerCouponsResultV2 {
  return {
    coupon_id: c.id,
    status: couponStatusAt(c, at),
    customer_id: c.customerId,
    coupon_type: c.couponType,
    measure_id: MEASURE_YUAN,
    face_value: formatAmount(c.faceValue),
    effective_time: huaweiUtc(c.validTime),
    expire_time: huaweiUtc(c.expireTime),
    order_id: orderId ?? '',
    promotion_plan_id: c.quotaId,
    media_type: MEDIA_ELECTRONIC,
    fetch_method: FETCH_ISSUED_ONLINE,
    use_limits: couponUseLimits(c.limits),
    active_time: huaweiUtc(c.createdAt),
    ...(c.lastUsedAt ? { last_used_time: huaweiUtc(c.lastUsedAt) } : {}),
    create_time: huaweiUtc(c.createdAt),
    balance: formatAmount(c.balance),
    lock_order_id: c.lockOrderId ?? '',
    is_frozen: c.lockOrderId ? '1' : '0',
  };
}

/** A coupon as its holder sees it (list_sub_customer_coupons). */
export function wireCustomerCoupon(c: CouponRow, at: string, orderId: string | undefined): IQueryUserCouponsResultV2 {
  return {
    coupon_id: c.id,
    coupon_code: c.id,
    status: couponStatusAt(c, at),
    customer_id: c.customerId,
    coupon_type: c.couponType,
    measure_id: MEASURE_YUAN,
    face_value: formatAmount(c.faceValue),
    valid_time: huaweiUtc(c.validTime),
    expire_time: huaweiUtc(c.expireTime),
    order_id: orderId ?? '',
    promotion_plan_id: c.quotaId,
    media_type: MEDIA_ELECTRONIC,
    fetch_method: FETCH_ISSUED_ONLINE,
    use_limits: couponUseLimits(c.limits),
    active_time: huaweiUtc(c.createdAt),
    ...(c.lastUsedAt ? { reserve_time: huaweiUtc(c.lastUsedAt) } : {}),
    create_time: huaweiUtc(c.createdAt),
    coupon_version: COUPON_VERSION_BALANCE,
    balance: formatAmount(c.balance),
    lock_order_id: c.lockOrderId ?? '',
    is_frozen: c.lockOrderId ? '1' : '0',
    currency: CURRENCY,
    source_id: c.partnerId,
  };
}
