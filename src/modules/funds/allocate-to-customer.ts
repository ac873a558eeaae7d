import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import type { Fen } from '../../platform/money.ts';
import { BalanceType } from '../ledger/index.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { seeFundableCustomer, withFundableCustomer } from './funds-parties.ts';
import { moveFunds } from './move-funds.ts';
import { TRADE } from './trade-types.ts';

export interface CustomerTransferInput {
  customerId: string;
  amount: Fen;
  /** A tier-1 acting for one of its tier-2 resellers: the tier-2's funds move. */
  indirectPartnerId?: string | null;
}

/**
 * A partner funds one of its resale customers (拨款, update_customer_account_amount): cash moves from
 * the partner's allocatable balance (cash − designated) to the customer's cash. With
 * indirect_partner_id a tier-1 funds a tier-2's customer from the tier-2's balance.
 */
export async function allocateToCustomer(
  deps: Pick<Deps, 'db' | 'clock' | 'wallClock' | 'ids'>,
  caller: Caller,
  input: CustomerTransferInput,
  claim: IdempotencyClaim | null = null,
): Promise<{ transfer_id: string }> {
  const at = iso(deps.clock.now());
  // The customer is read before the transaction and re-checked as the money moves (withFundableCustomer).
  const seen = input.indirectPartnerId ? null : await seeFundableCustomer(deps.db.kysely, caller.accountId, input.customerId, deps.wallClock.now().getTime());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const partnerId = await resolveActingPartner(trx, caller, input.indirectPartnerId);
    const ref = deps.ids.prefixed('AD');
    await withFundableCustomer(trx, partnerId, input.customerId, seen, (customer, onlyIf) =>
      moveFunds(trx, {
        partnerId,
        kind: 'allocate',
        ref,
        initiatorId: caller.accountId,
        at,
        from: { account: { ownerId: partnerId, balanceType: BalanceType.cash }, names: customer },
        to: { account: { ownerId: customer.id, balanceType: BalanceType.cash } },
        amount: input.amount,
        trade: TRADE.partnerAdjust,
        shortOf: partnerId === caller.accountId ? "the partner's allocatable amount is less than the amount" : "the indirect partner's allocatable amount is less than the amount",
        onlyIf,
      }),
    );
    return { transfer_id: ref };
  });
}
