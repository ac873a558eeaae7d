import type { Deps } from '../../platform/deps.ts';
import type { AccountsTable } from '../../platform/db/schema.ts';
import { updateAccountStatus, type Conn } from './identity.repo.ts';
import { accountNotFound } from './identity.errors.ts';

/**
 * Freezes or unfreezes an account. A frozen account's keys and tokens stop authenticating (keys
 * within the caller directory's cache lifetime in other processes). Pass `within` to run in the
 * caller's transaction.
 */
export async function setAccountStatus(deps: Deps, accountId: string, status: AccountsTable['status'], within?: Conn): Promise<void> {
  const res = await updateAccountStatus(within ?? deps.db.kysely, accountId, status);
  if (Number(res.numUpdatedRows) !== 1) throw accountNotFound(accountId);
}
