import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { holdsOf, resolveHold, unfreezeBenefit, type BenefitKind, type HoldRow } from './benefits.repo.ts';

/** Lifts one hold, once (false when it was already resolved). */
export async function releaseHold(trx: Transaction<DB>, hold: HoldRow, at: string): Promise<boolean> {
  if (!(await resolveHold(trx, hold.id, 'released', 0n, at))) return false;
  await unfreezeBenefit(trx, hold.kind, hold.benefitId, hold.orderId, at);
  return true;
}

/**
 * For the orders module, in its transaction: an order is cancelled (or its payment failed), so the
 * coupons and cards it holds are free again; nothing is spent. Holds already consumed or released
 * are left alone, so calling it twice releases once.
 */
export async function releaseBenefits(
  trx: Transaction<DB>,
  input: { orderId: string; at: string },
): Promise<Array<{ id: string; kind: BenefitKind; amount: Fen }>> {
  const released: Array<{ id: string; kind: BenefitKind; amount: Fen }> = [];
  for (const hold of await holdsOf(trx, input.orderId, 'held')) {
    if (await releaseHold(trx, hold, input.at)) released.push({ id: hold.benefitId, kind: hold.kind, amount: hold.amount });
  }
  return released;
}
