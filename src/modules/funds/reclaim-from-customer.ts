import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { BalanceType } from '../ledger/index.ts';
import type { CustomerTransferInput } from './allocate-to-customer.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { seeFundableCustomer, withFundableCustomer } from './funds-parties.ts';
import { moveFunds } from './move-funds.ts';
import { TRADE } from './trade-types.ts';

/**
 * A partner takes back funds from one of its resale customers (回收, reclaim_to_partner_account):
 * never more than the customer's cash balance, which only its partner funds. With
 * indirect_partner_id a tier-1 reclaims a tier-2's customer's funds to the tier-2.
 */
export async function reclaimFromCustomer(
  deps: Pick<Deps, 'db' | 'clock' | 'wallClock' | 'ids'>,
  caller: Caller,
  input: CustomerTransferInput,
  claim: IdempotencyClaim | null = null,
): Promise<{ trans_id: string }> {
  const at = iso(deps.clock.now());
  // The customer is read before the transaction and re-checked as the money moves (withFundableCustomer).
  const seen = input.indirectPartnerId ? null : await seeFundableCustomer(deps.db.kysely, caller.accountId, input.customerId, deps.wallClock.now().getTime());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const partnerId = await resolveActingPartner(trx, caller, input.indirectPartnerId);
    const ref = deps.ids.prefixed('RE');
    await withFundableCustomer(trx, partnerId, input.customerId, seen, (customer, onlyIf) =>
      moveFunds(trx, {
        fromKind: 'customer',
        partnerId,
        kind: 'reclaim',
        ref,
        initiatorId: caller.accountId,
        at,
        from: { account: { ownerId: customer.id, balanceType: BalanceType.cash } },
        to: { account: { ownerId: partnerId, balanceType: BalanceType.cash }, names: customer },
        amount: input.amount,
        trade: TRADE.partnerRetrieve,
        shortOf: "the customer's balance is less than the amount to reclaim",
        onlyIf,
      }),
    );
    return { trans_id: ref };
  });
}
