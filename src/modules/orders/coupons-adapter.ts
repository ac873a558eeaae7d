import type { CouponInfoV2 } from '../../contract/generated/models.ts';
import { formatAmount } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { consumeBenefits, listUsableBenefits, releaseBenefits, reserveBenefits, returnBenefits, type UsableBenefit } from '../coupons/index.ts';
import type { CouponPort } from './coupon-port.ts';

/** How many coupons of each type one payment may use: pay_orders takes at most 3 in all. */
const MAX_PER_ORDER = 3;

function couponInfo(c: NonNullable<UsableBenefit['coupon']>, orderId: string): CouponInfoV2 {
  return {
    coupon_id: c.id,
    coupon_code: c.id,
    status: 2,
    coupon_type: c.couponType,
    measure_id: 1,
    face_value: formatAmount(c.faceValue),
    effective_time: huaweiUtc(c.validTime),
    expire_time: huaweiUtc(c.expireTime),
    create_time: huaweiUtc(c.createdAt),
    ...(c.lastUsedAt ? { last_used_time: huaweiUtc(c.lastUsedAt) } : {}),
    coupon_version: 2,
    balance: formatAmount(c.balance),
    ...(c.lockOrderId === orderId ? { used_by_order_id: orderId } : {}),
    coupon_group: 0,
  };
}

/**
 * The coupons module behind the orders module's coupon port. Stored-value cards can pay orders
 * (type 303) but are listed by list_stored_value_cards, not among an order's coupons.
 */
export const couponsPort: CouponPort = {
  listUsable: async (db, input) => {
    const usable = await listUsableBenefits(db, input);
    const coupons = usable.flatMap((u) => (u.kind === 'coupon' && u.coupon ? [couponInfo(u.coupon, input.orderId)] : []));
    return {
      count: coupons.length,
      user_coupons: coupons,
      coupon_max_use_quantity: [1, 4].map((type) => ({ coupon_type: type, coupon_group: 0, use_quantity_value: MAX_PER_ORDER })),
    };
  },
  reserve: (trx, input) => reserveBenefits(trx, input),
  consume: (trx, input) => consumeBenefits(trx, input),
  release: (trx, input) => releaseBenefits(trx, input),
  giveBack: (trx, input) => returnBenefits(trx, input),
};
