import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { benefitUnusable } from './coupons.errors.ts';
import { findCoupons } from './coupons.repo.ts';
import { addReturned, holdsOf, refundToBenefit, type BenefitKind } from './benefits.repo.ts';
import { insertMovement, insertRecord } from './journal.repo.ts';
import { returnToQuota } from './quotas.repo.ts';
import { benefitTypeOf, RECORD } from './record-types.ts';

export interface ReturnInput {
  orderId: string;
  /** The refund's own id (e.g. the unsubscribe order): a refund id returns once per coupon or card. */
  refundId: string;
  at: string;
  /** How much goes back to which coupon or card; default: all each paid and has not had back. */
  amounts?: ReadonlyArray<{ id: string; amount: Fen }>;
  initiatorId?: string;
}

export interface ReturnedBenefit {
  id: string;
  kind: BenefitKind;
  amount: Fen;
  /** 'benefit': back on the coupon or card; 'quota': the coupon was no longer in force, so back to its quota. */
  to: 'benefit' | 'quota';
}

/**
 * For the orders module, in its transaction: part or all of what coupons and cards paid for an order
 * comes back on a refund (unsubscribe). A coupon still in force gets it back (the customer's
 * UNSUBSCRIBE record; a used coupon becomes usable again); one that has expired or was reclaimed
 * meanwhile cannot, so the value goes to its quota (partner record type 5). Never more than was paid
 * (a conditional update on the hold); a refund id that already returned to a coupon returns nothing more.
 */
export async function returnBenefits(trx: Transaction<DB>, input: ReturnInput): Promise<ReturnedBenefit[]> {
  const holds = await holdsOf(trx, input.orderId, 'consumed');
  const wanted = input.amounts ?? holds.map((h) => ({ id: h.benefitId, amount: h.consumed - h.returned })).filter((x) => x.amount > 0n);
  const coupons = new Map((await findCoupons(trx, holds.map((h) => h.benefitId))).map((c) => [c.id, c]));
  const out: ReturnedBenefit[] = [];
  for (const { id, amount } of wanted) {
    const hold = holds.find((h) => h.benefitId === id);
    if (!hold) throw benefitUnusable(id, `order ${input.orderId} did not pay with it`);
    if (amount <= 0n) continue;
    const ref = `RF:${hold.id}:${input.refundId}`;
    const seen = await trx.selectFrom('coupon_journal').select('id').where('ref', '=', ref).executeTakeFirst();
    if (seen) continue;
    if (!(await addReturned(trx, hold.id, amount))) throw benefitUnusable(id, 'the refund is more than it paid for the order');
    const coupon = coupons.get(id);
    const base = { amount, benefitType: coupon ? benefitTypeOf(coupon.couponType) : ('card' as const), partnerId: coupon?.partnerId ?? null, customerId: hold.customerId, orderId: input.orderId, initiatorId: input.initiatorId ?? hold.customerId, at: input.at };
    const after = await refundToBenefit(trx, hold.kind, id, amount, input.at);
    if (after !== null) {
      await insertMovement(trx, { ...base, ref, kind: 'refund', from: { kind: 'spent', id: null, after: null }, to: { kind: hold.kind, id, after } });
      out.push({ id, kind: hold.kind, amount, to: 'benefit' });
      continue;
    }
    if (!coupon) throw new Error(`card ${id} refused a refund`);
    const target = await returnToQuota(trx, coupon.quotaId, amount, input.at);
    await insertMovement(trx, { ...base, ref, kind: 'refund_to_quota', from: { kind: 'spent', id: null, after: null }, to: { kind: 'quota', id: target.quotaId, after: target.after } });
    await insertRecord(trx, {
      ownerId: coupon.partnerId,
      operationType: RECORD.unsubscribeReclaim,
      quotaId: coupon.quotaId,
      quotaType: coupon.quotaType,
      couponId: coupon.id,
      customerId: coupon.customerId,
      amount,
      result: 0,
      remark: `refund ${input.refundId} of order ${input.orderId}`.slice(0, 512),
      operatorName: null,
      at: input.at,
    });
    out.push({ id, kind: 'coupon', amount, to: 'quota' });
  }
  return out;
}
