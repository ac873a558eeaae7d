import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { formatAmountText, type Fen } from '../../platform/money.ts';
import { findAccountById } from '../identity/index.ts';
import { addDays } from './coupon-dates.ts';
import { operatorInvalid, operatorNotFound } from './coupons.errors.ts';
import { findCards, insertCard } from './benefits.repo.ts';
import { cardView, type CardView } from './card-views.ts';
import { insertMovement } from './journal.repo.ts';

export interface CardGrantInput {
  customerId: string;
  cardName: string;
  amount: Fen;
  effectiveTime?: string | null;
  expireTime?: string | null;
  grantedBy: string;
}

export const cardGrantFingerprint = (i: CardGrantInput) => ({
  customer_id: i.customerId,
  card_name: i.cardName,
  amount: formatAmountText(i.amount),
  effective_time: i.effectiveTime ?? null,
  expire_time: i.expireTime ?? null,
});

/**
 * Puts a stored-value card into a customer's hands. Customers buy cards at Huawei; there is no card
 * shop here, so in the sandbox the operator grants them (to try list_stored_value_cards and paying
 * with a card). Refused in production.
 */
export async function grantStoredValueCard(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'mode'>,
  input: CardGrantInput,
  claim: IdempotencyClaim | null = null,
): Promise<CardView> {
  if (deps.mode !== 'sandbox') throw new AppError('PBSS.0403', 'stored-value cards are granted in sandbox mode only');
  const at = iso(deps.clock.now());
  const effectiveTime = input.effectiveTime ?? at;
  const expireTime = input.expireTime ?? addDays(new Date(effectiveTime), 3 * 365);
  if (expireTime <= effectiveTime) throw operatorInvalid('expire_time must be after effective_time');
  if (!input.cardName.trim() || input.cardName.length > 128) throw operatorInvalid('card_name must be 1-128 characters');
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const customer = await findAccountById(trx, input.customerId);
    if (!customer || customer.kind !== 'customer') throw operatorNotFound(`customer ${input.customerId} does not exist`);
    const id = deps.ids.prefixed('SV');
    await insertCard(trx, {
      id,
      customerId: customer.id,
      cardName: input.cardName,
      faceValue: input.amount,
      balance: input.amount,
      effectiveTime,
      expireTime,
      grantedBy: input.grantedBy,
      createdAt: at,
    });
    await insertMovement(trx, {
      ref: `CG:${id}`,
      kind: 'card_grant',
      from: { kind: 'grant', id: null, after: null },
      to: { kind: 'card', id, after: input.amount },
      amount: input.amount,
      benefitType: 'card',
      customerId: customer.id,
      initiatorId: input.grantedBy,
      at,
    });
    return cardView((await findCards(trx, [id]))[0]!);
  });
}
