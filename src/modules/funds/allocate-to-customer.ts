import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import type { Fen } from '../../platform/money.ts';
import { BalanceType } from '../ledger/index.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { getFundableCustomer } from './funds-parties.ts';
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
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  caller: Caller,
  input: CustomerTransferInput,
  claim: IdempotencyClaim | null = null,
): Promise<{ transfer_id: string }> {
  const at = iso(deps.clock.now());
  return runIdempotent(deps.db, claim, at, async (trx) => {
    const partnerId = await resolveActingPartner(trx, caller, input.indirectPartnerId);
    const customer = await getFundableCustomer(trx, partnerId, input.customerId);
    const ref = deps.ids.prefixed('AD');
    await moveFunds(trx, {
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
    });
    return { transfer_id: ref };
  });
}
