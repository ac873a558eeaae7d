import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import type { Fen } from '../../platform/money.ts';
import { BalanceType } from '../ledger/index.ts';
import { getOwnIndirectPartner } from './funds-parties.ts';
import { moveFunds } from './move-funds.ts';
import { TRADE } from './trade-types.ts';

export interface IndirectTransferInput {
  indirectPartnerId: string;
  amount: Fen;
}

/**
 * A tier-1 distributor funds one of its tier-2 resellers (update_indirect_partner_account): cash
 * moves from the tier-1's allocatable balance to the tier-2's cash.
 */
export async function allocateToIndirectPartner(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  caller: Caller,
  input: IndirectTransferInput,
  claim: IdempotencyClaim | null = null,
): Promise<{ transfer_id: string }> {
  const at = iso(deps.clock.now());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const reseller = await getOwnIndirectPartner(trx, caller.accountId, input.indirectPartnerId);
    const ref = deps.ids.prefixed('AD');
    await moveFunds(trx, {
      partnerId: reseller.id,
      kind: 'indirect_allocate',
      ref,
      initiatorId: caller.accountId,
      at,
      from: { account: { ownerId: caller.accountId, balanceType: BalanceType.cash }, names: reseller },
      to: { account: { ownerId: reseller.id, balanceType: BalanceType.cash } },
      amount: input.amount,
      trade: TRADE.partnerAdjust,
      shortOf: "the partner's allocatable amount is less than the amount",
    });
    return { transfer_id: ref };
  });
}
