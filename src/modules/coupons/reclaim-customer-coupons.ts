import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { closeAndReturn } from './close-coupon.ts';
import { listCoupons } from './coupons.repo.ts';
import { RECORD } from './record-types.ts';

/** Why a customer's coupons go back automatically, and the partner record type each leaves. */
export const AUTO_RECLAIM_REASONS = {
  unbind: RECORD.unbindReclaim,
  association_established: RECORD.associationReclaim,
  association_switch: RECORD.associationSwitchReclaim,
} as const;
export type AutoReclaimReason = keyof typeof AUTO_RECLAIM_REASONS;

/**
 * For the customers module, in its transaction: the customer is unbound from its partner, switches
 * association type, or associates anew (brief §5.5), so every usable coupon it holds from partners
 * goes back to the quotas they came from (records 3, 8 or 7; the customer's COUPONCANCEL records).
 * Coupons an unpaid order holds are not touched and are returned in `held`: unbinding is refused
 * while orders are pending, so the caller should check that first.
 */
export async function reclaimCustomerCoupons(
  trx: Transaction<DB>,
  input: { customerId: string; reason: AutoReclaimReason; at: string; initiatorId: string },
): Promise<{ reclaimed: Array<{ couponId: string; amount: Fen }>; held: string[] }> {
  const usable = await listCoupons(trx, { at: input.at, customerId: input.customerId }, { offset: 0, limit: 100_000 });
  const reclaimed: Array<{ couponId: string; amount: Fen }> = [];
  const held: string[] = [];
  // Coupons past their expiry are left to the expiry job, which returns them as expired.
  for (const coupon of usable.filter((c) => c.status === 2 && c.expireTime > input.at)) {
    if (coupon.lockOrderId !== null) {
      held.push(coupon.id);
      continue;
    }
    const amount = await closeAndReturn(trx, coupon, {
      status: 5,
      kind: 'auto_reclaim',
      recordType: AUTO_RECLAIM_REASONS[input.reason],
      initiatorId: input.initiatorId,
      operatorName: null,
      at: input.at,
    });
    if (amount !== null) reclaimed.push({ couponId: coupon.id, amount });
  }
  return { reclaimed, held };
}
