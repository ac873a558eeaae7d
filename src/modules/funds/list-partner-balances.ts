import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ListPartnerBalancesResponse } from '../../contract/generated/models.ts';
import { findBalances } from '../ledger/index.ts';
import { allocatableView, balanceViews } from './balance-views.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { sumCreditLines } from './funds.repo.ts';

/**
 * A partner's balances (list_partner_balances): cash, credit, any bonus or deposit, and allocatable.
 * A tier-1 passing indirect_partner_id sees that tier-2's (see partners' resolveActingPartner).
 */
export async function listPartnerBalances(
  deps: Pick<Deps, 'db'>,
  caller: Caller,
  input: { indirectPartnerId?: string | null },
): Promise<ListPartnerBalancesResponse> {
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, input.indirectPartnerId);
  const [balances, creditLine] = await Promise.all([findBalances(db, [partnerId]), sumCreditLines(db, partnerId)]);
  const own = balances.get(partnerId) ?? [];
  return { account_balances: [...balanceViews(partnerId, own, creditLine), allocatableView(partnerId, own)] };
}
