import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { closeAndReturn } from './close-coupon.ts';
import { findCoupon, type CouponRow } from './coupons.repo.ts';
import { releaseHold } from './release-benefits.ts';
import { heldBenefitIds } from './benefits.repo.ts';
import { RECORD } from './record-types.ts';

/** The job kind that expires one coupon at its expire_time (scheduled when the coupon is issued). */
export const COUPON_EXPIRY_JOB = 'coupons.expire-coupon';

/**
 * Expires a coupon once the business clock has reached its expire_time: what is left of it goes back
 * to the quota it came from (record type 4, the customer's EXPIRECLEAR record). Huawei documents
 * this for cash coupons; we do it for vouchers too (decision in docs/coupons.md). An order still
 * holding the coupon loses the hold first (its payment deadline cannot outlive the coupon). A used
 * up or reclaimed coupon has nothing left and stays as it is. Safe to run twice.
 */
export async function expireCoupon(deps: Pick<Deps, 'db' | 'clock'>, couponId: string): Promise<'expired' | 'nothing' | 'not_due'> {
  const at = iso(deps.clock.now());
  return deps.db.kysely.transaction().execute(async (trx) => {
    const coupon = await findCoupon(trx, couponId);
    if (!coupon) return 'nothing';
    if (coupon.expireTime > at) return 'not_due';
    for (const hold of await heldBenefitIds(trx, [coupon.id])) await releaseHold(trx, hold, at);
    const current = (await findCoupon(trx, couponId))!;
    const amount = await closeAndReturn(trx, current, {
      status: 4,
      kind: 'expire',
      recordType: RECORD.expiryReclaim,
      initiatorId: 'system:coupon-expiry',
      operatorName: null,
      at,
    });
    if (amount === null) return 'nothing';
    // For webhooks: the partner whose quota paid for the coupon hears that it lapsed.
    await appendEvent(trx, couponEvent('coupon.expired', current), deps.clock.now());
    return 'expired';
  });
}

export const expireCouponJob: JobHandler = async (deps, payload) => {
  const couponId = (payload as { couponId?: unknown } | null)?.couponId;
  if (typeof couponId !== 'string') throw new Error('coupon expiry job without a coupon id');
  const result = await expireCoupon(deps, couponId);
  // Jobs run when the business clock reaches run_at, which is the expiry: not_due cannot happen
  // unless the clock went back, and then a retry later is right.
  if (result === 'not_due') throw new Error(`coupon ${couponId} is not due to expire yet`);
};

/** The job kind that announces, a week ahead, that a coupon with value left is about to lapse. */
export const COUPON_EXPIRING_JOB = 'coupons.expiring-notice';
/** How long before its expiry a coupon is announced as expiring (`coupon.expiring`). */
export const COUPON_EXPIRING_NOTICE_DAYS = 7;

/**
 * For webhooks: `coupon.expiring` when the notice is due, if the coupon is still usable with value
 * left (a coupon used up or reclaimed since has nothing to announce).
 */
export const couponExpiringJob: JobHandler = async (deps, payload) => {
  const couponId = (payload as { couponId?: unknown } | null)?.couponId;
  if (typeof couponId !== 'string') throw new Error('coupon notice job without a coupon id');
  await deps.db.kysely.transaction().execute(async (trx) => {
    const coupon = await findCoupon(trx, couponId);
    if (!coupon || coupon.status !== 2 || coupon.balance <= 0n) return;
    await appendEvent(trx, couponEvent('coupon.expiring', coupon), deps.clock.now());
  });
};

/** A webhook event about a coupon, for the partner whose quota paid for it. */
function couponEvent(type: string, c: CouponRow) {
  return {
    type,
    aggregateType: 'coupon',
    aggregateId: c.id,
    payload: { coupon_id: c.id, coupon_type: c.couponType, customer_id: c.customerId, partner_id: c.partnerId, expire_time: c.expireTime },
  };
}

export const COUPON_JOBS: Record<string, JobHandler> = { [COUPON_EXPIRY_JOB]: expireCouponJob, [COUPON_EXPIRING_JOB]: couponExpiringJob };
