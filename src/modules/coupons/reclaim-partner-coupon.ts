import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { formatAmountText } from '../../platform/money.ts';
import { findCustomer } from '../identity/index.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { closeAndReturn } from './close-coupon.ts';
import { couponNotFound, couponNotReclaimable, invalidParameter, referralCustomer } from './coupons.errors.ts';
import { couponStatusAt, findCoupon } from './coupons.repo.ts';
import { RECORD } from './record-types.ts';

const STATUS_TEXT: Record<number, string> = { 3: 'it is used up', 4: 'it has expired', 5: 'it was reclaimed already' };

/**
 * A partner takes back a coupon it issued (reclaim_partner_coupons): the whole remaining balance,
 * never part of it, returns to the quota it came from; the coupon becomes reclaimed (5). Only a
 * usable coupon that no order holds can be reclaimed (a coupon issued to start later counts as
 * usable here). A coupon of another partner answers like a missing one. Answers nothing (204).
 */
export async function reclaimPartnerCoupon(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Caller,
  input: { couponId: string; indirectPartnerId?: string | null },
  claim: IdempotencyClaim | null = null,
): Promise<{ coupon_id: string; amount: string }> {
  if (!input.couponId || input.couponId.length > 64) throw invalidParameter('coupon_id must be 1-64 characters');
  const at = iso(deps.clock.now());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const partnerId = await resolveActingPartner(trx, caller, input.indirectPartnerId);
    const coupon = await findCoupon(trx, input.couponId);
    if (!coupon || coupon.partnerId !== partnerId) throw couponNotFound(input.couponId);
    const customer = await findCustomer(trx, coupon.customerId);
    if (!customer || customer.association_type !== 2) throw referralCustomer(coupon.customerId);
    const status = couponStatusAt(coupon, at);
    if (status !== 1 && status !== 2) throw couponNotReclaimable(coupon.id, STATUS_TEXT[status] ?? `its status is ${status}`);
    if (coupon.lockOrderId !== null) throw couponNotReclaimable(coupon.id, 'an unpaid order holds it');
    const amount = await closeAndReturn(trx, coupon, {
      status: 5,
      kind: 'reclaim',
      recordType: RECORD.manualReclaim,
      initiatorId: caller.accountId,
      operatorName: caller.accountName,
      at,
    });
    if (amount === null) throw couponNotReclaimable(coupon.id, 'it changed meanwhile');
    return { coupon_id: coupon.id, amount: formatAmountText(amount) };
  });
}
