import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { closeCoupon, type CouponRow } from './coupons.repo.ts';
import { insertMovement, insertRecord, type MovementKind } from './journal.repo.ts';
import { returnToQuota } from './quotas.repo.ts';
import { benefitTypeOf } from './record-types.ts';

export interface Closing {
  /** 4 expired, 5 reclaimed. */
  status: 4 | 5;
  kind: Extract<MovementKind, 'reclaim' | 'auto_reclaim' | 'expire'>;
  /** The partner record's operation type (2 manual reclaim, 3/7/8 automatic, 4 expiry). */
  recordType: number;
  initiatorId: string;
  operatorName: string | null;
  remark?: string | null;
  at: string;
}

/**
 * Closes a usable coupon no order holds, in the caller's transaction: its whole balance goes back to
 * the quota it was issued from (or, when a tier-1 has since reclaimed that tier-2 quota, to the
 * quota that took it back), with one journal movement and one partner record. A coupon closes once:
 * the update is conditional and the movement's ref (`CL:<coupon id>`) is unique. Returns the amount,
 * or null when the coupon was not usable or is held by an order.
 */
export async function closeAndReturn(trx: Transaction<DB>, coupon: CouponRow, c: Closing): Promise<Fen | null> {
  const amount = await closeCoupon(trx, coupon.id, c.status, c.at);
  if (amount === null) return null;
  const target = await returnToQuota(trx, coupon.quotaId, amount, c.at);
  await insertMovement(trx, {
    ref: `CL:${coupon.id}`,
    kind: c.kind,
    from: { kind: 'coupon', id: coupon.id, after: 0n },
    to: { kind: 'quota', id: target.quotaId, after: target.after },
    amount,
    benefitType: benefitTypeOf(coupon.couponType),
    partnerId: coupon.partnerId,
    customerId: coupon.customerId,
    initiatorId: c.initiatorId,
    at: c.at,
  });
  await insertRecord(trx, {
    ownerId: coupon.partnerId,
    operationType: c.recordType,
    quotaId: coupon.quotaId,
    quotaType: coupon.quotaType,
    couponId: coupon.id,
    customerId: coupon.customerId,
    amount,
    result: 0,
    remark: c.remark ?? null,
    operatorName: c.operatorName,
    at: c.at,
  });
  return amount;
}
