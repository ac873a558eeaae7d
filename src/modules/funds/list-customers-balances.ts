import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ListCustomersBalancesDetailResponse } from '../../contract/generated/models.ts';
import { formatAmount } from '../../platform/money.ts';
import { findBalances } from '../ledger/index.ts';
import { availableOf } from './balance-views.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { filterResaleCustomers } from './funds.repo.ts';
import { invalidParameter } from './funds.errors.ts';
import { CURRENCY, MEASURE_YUAN } from './trade-types.ts';

/** At most this many customers per request (the documented limit). */
export const MAX_CUSTOMERS_PER_QUERY = 100;

/**
 * Balances of a partner's resale customers (list_customers_balances_detail), in the order asked.
 * Referral customers top up at the cloud themselves and are left out, as are customers that are
 * not the partner's: a foreign id looks exactly like a missing one. A tier-1 passing
 * indirect_partner_id asks about that tier-2's customers.
 */
export async function listCustomersBalances(
  deps: Pick<Deps, 'db'>,
  caller: Caller,
  input: { customerIds: readonly string[]; indirectPartnerId?: string | null },
): Promise<ListCustomersBalancesDetailResponse> {
  if (input.customerIds.length === 0 || input.customerIds.length > MAX_CUSTOMERS_PER_QUERY) {
    throw invalidParameter(`customer_infos must list 1 to ${MAX_CUSTOMERS_PER_QUERY} customers`);
  }
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, input.indirectPartnerId);
  const resale = await filterResaleCustomers(db, partnerId, input.customerIds);
  const ids = [...new Set(input.customerIds)].filter((id) => resale.has(id));
  const balances = await findBalances(db, ids);
  return {
    customer_balances: ids.map((id) => ({
      customer_id: id,
      amount: formatAmount(availableOf(balances.get(id) ?? [])),
      debt_amount: 0,
      currency: CURRENCY,
      measure_id: MEASURE_YUAN,
    })),
  };
}
