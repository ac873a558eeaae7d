import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { findCoupons } from './coupons.repo.ts';
import { holdsOf, resolveHold, spendHeld, type BenefitKind } from './benefits.repo.ts';
import { insertMovement } from './journal.repo.ts';
import { benefitTypeOf } from './record-types.ts';

/**
 * For the orders module, in its transaction: the order is paid, so every coupon and card it holds
 * pays exactly what was held (reserveBenefits decided how much). Each hold resolves once; each
 * payment is one journal movement to 'spent' (ref `CS:<hold id>`), which the customer's coupon
 * records list as a deduction. A coupon paid down to zero becomes used (3).
 */
export async function consumeBenefits(
  trx: Transaction<DB>,
  input: { orderId: string; at: string; initiatorId?: string },
): Promise<Array<{ id: string; kind: BenefitKind; amount: Fen }>> {
  const holds = await holdsOf(trx, input.orderId, 'held');
  const coupons = new Map((await findCoupons(trx, holds.filter((h) => h.kind === 'coupon').map((h) => h.benefitId))).map((c) => [c.id, c]));
  const spent: Array<{ id: string; kind: BenefitKind; amount: Fen }> = [];
  for (const hold of holds) {
    if (!(await resolveHold(trx, hold.id, 'consumed', hold.amount, input.at))) continue;
    const after = await spendHeld(trx, hold.kind, hold.benefitId, input.orderId, hold.amount, hold.amount, input.at);
    const coupon = coupons.get(hold.benefitId);
    await insertMovement(trx, {
      ref: `CS:${hold.id}`,
      kind: 'consume',
      from: { kind: hold.kind, id: hold.benefitId, after },
      to: { kind: 'spent', id: null, after: null },
      amount: hold.amount,
      benefitType: coupon ? benefitTypeOf(coupon.couponType) : 'card',
      partnerId: coupon?.partnerId ?? null,
      customerId: hold.customerId,
      orderId: input.orderId,
      initiatorId: input.initiatorId ?? hold.customerId,
      at: input.at,
    });
    spent.push({ id: hold.benefitId, kind: hold.kind, amount: hold.amount });
  }
  return spent;
}
