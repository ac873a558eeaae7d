import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { formatAmount, type Fen } from '../../platform/money.ts';
import { BalanceType, SYSTEM_ACCOUNTS } from '../ledger/index.ts';
import { insertTopUp } from './funds.repo.ts';
import { operatorInvalid } from './funds.errors.ts';
import { moveFunds } from './move-funds.ts';
import { getPartner } from './funds-parties.ts';
import { TRADE } from './trade-types.ts';

export interface TopUpInput {
  partnerId: string;
  amount: Fen;
  /** The part of the amount earmarked for a purpose (专款专用): it cannot be allocated onward. */
  designated?: Fen;
  memo?: string | null;
  /** Who recorded it (the operator account, or `cli`). */
  createdBy: string;
}

/** What identifies a top-up request for idempotency, whichever plane (HTTP or CLI) it came through. */
export const topUpFingerprint = (input: TopUpInput) => ({
  partner_id: input.partnerId,
  amount: input.amount.toString(),
  designated: (input.designated ?? 0n).toString(),
  memo: input.memo ?? null,
});

export interface TopUpView {
  id: string;
  partner_id: string;
  amount: number;
  designated_amount: number;
  memo: string | null;
  created_at: string;
}

/**
 * The operator records a partner's remittance (a top-up): money enters the platform from the outside
 * world into the partner's cash, optionally partly earmarked.
 */
export async function recordTopUp(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, input: TopUpInput, claim: IdempotencyClaim | null = null): Promise<TopUpView> {
  const designated = input.designated ?? 0n;
  if (designated < 0n || designated > input.amount) throw operatorInvalid('designated_amount must be between 0 and amount');
  const at = iso(deps.clock.now());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const partner = await getPartner(trx, input.partnerId);
    const id = deps.ids.prefixed('TU');
    const { entryId } = await moveFunds(trx, {
      partnerId: partner.id,
      kind: 'top_up',
      ref: id,
      initiatorId: input.createdBy,
      at,
      memo: input.memo ?? null,
      from: { account: SYSTEM_ACCOUNTS.external },
      to: { account: { ownerId: partner.id, balanceType: BalanceType.cash } },
      amount: input.amount,
      designated,
      trade: TRADE.recharge,
      shortOf: 'external',
    });
    await insertTopUp(trx, { id, partnerId: partner.id, amount: input.amount, designated, entryId, memo: input.memo ?? null, createdBy: input.createdBy, at });
    return { id, partner_id: partner.id, amount: formatAmount(input.amount), designated_amount: formatAmount(designated), memo: input.memo ?? null, created_at: at };
  });
}
