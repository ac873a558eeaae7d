import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ShowCustomerAccountBalancesResponse } from '../../contract/generated/models.ts';
import { findBalances } from '../ledger/index.ts';
import { balanceViews } from './balance-views.ts';
import { CURRENCY, MEASURE_YUAN } from './trade-types.ts';

/**
 * A customer's own balances (show_customer_account_balances): cash and credit, and any bonus or
 * deposit. Debt arises only from consumption, which this platform does not charge yet: 0.
 */
export async function showCustomerBalances(deps: Pick<Deps, 'db'>, caller: Caller): Promise<ShowCustomerAccountBalancesResponse> {
  const balances = await findBalances(deps.db.kysely, [caller.accountId]);
  // Customers get no credit lines here: their credit_amount is 0.
  const views = balanceViews(caller.accountId, balances.get(caller.accountId) ?? [], 0n);
  return { account_balances: views, debt_amount: 0, measure_id: MEASURE_YUAN, currency: CURRENCY };
}
