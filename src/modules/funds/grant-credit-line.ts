import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { formatAmount, type Fen } from '../../platform/money.ts';
import { BalanceType, SYSTEM_ACCOUNTS } from '../ledger/index.ts';
import { insertCreditLine } from './funds.repo.ts';
import { moveFunds } from './move-funds.ts';
import { getPartner } from './funds-parties.ts';
import { TRADE } from './trade-types.ts';

export interface CreditLineInput {
  partnerId: string;
  amount: Fen;
  memo?: string | null;
  createdBy: string;
}

/** What identifies a credit-line request for idempotency, whichever plane it came through. */
export const creditLineFingerprint = (input: CreditLineInput) => ({ partner_id: input.partnerId, amount: input.amount.toString(), memo: input.memo ?? null });

export interface CreditLineView {
  id: string;
  partner_id: string;
  amount: number;
  memo: string | null;
  created_at: string;
}

/**
 * The operator grants a partner credit (信用额度): the partner's credit account (balance type 2)
 * grows by the amount, taken from the system's credit-issued counter-account. The partner's total
 * credit line (credit_amount) is the sum of its grants.
 */
export async function grantCreditLine(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: CreditLineInput,
  claim: IdempotencyClaim | null = null,
): Promise<CreditLineView> {
  const at = iso(deps.clock.now());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const partner = await getPartner(trx, input.partnerId);
    const id = deps.ids.prefixed('CL');
    const { entryId } = await moveFunds(trx, {
      partnerId: partner.id,
      kind: 'credit_line',
      ref: id,
      initiatorId: input.createdBy,
      at,
      memo: input.memo ?? null,
      from: { account: SYSTEM_ACCOUNTS.creditIssued },
      to: { account: { ownerId: partner.id, balanceType: BalanceType.credit } },
      amount: input.amount,
      trade: TRADE.creditAdjust,
      shortOf: 'credit-issued',
    });
    await insertCreditLine(trx, { id, partnerId: partner.id, amount: input.amount, entryId, memo: input.memo ?? null, createdBy: input.createdBy, at });
    return { id, partner_id: partner.id, amount: formatAmount(input.amount), memo: input.memo ?? null, created_at: at };
  });
}
