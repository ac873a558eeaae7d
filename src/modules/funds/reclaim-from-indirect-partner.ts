import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { BalanceType } from '../ledger/index.ts';
import type { IndirectTransferInput } from './allocate-to-indirect-partner.ts';
import { getOwnIndirectPartner } from './funds-parties.ts';
import { moveFunds } from './move-funds.ts';
import { TRADE } from './trade-types.ts';

/**
 * A tier-1 distributor takes back funds from one of its tier-2 resellers
 * (reclaim_indirect_partner_account): never more than the tier-2's allocatable balance.
 */
export async function reclaimFromIndirectPartner(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  caller: Caller,
  input: IndirectTransferInput,
  claim: IdempotencyClaim | null = null,
): Promise<{ trans_id: string }> {
  const at = iso(deps.clock.now());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const reseller = await getOwnIndirectPartner(trx, caller.accountId, input.indirectPartnerId);
    const ref = deps.ids.prefixed('RE');
    await moveFunds(trx, {
      partnerId: reseller.id,
      kind: 'indirect_reclaim',
      ref,
      initiatorId: caller.accountId,
      at,
      from: { account: { ownerId: reseller.id, balanceType: BalanceType.cash } },
      to: { account: { ownerId: caller.accountId, balanceType: BalanceType.cash }, names: reseller },
      amount: input.amount,
      trade: TRADE.partnerRetrieve,
      shortOf: "the indirect partner's balance is less than the amount to reclaim",
    });
    return { trans_id: ref };
  });
}
