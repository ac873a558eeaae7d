import type { Deps } from '../../platform/deps.ts';
import { listAccessKeys as listKeysRows, findAccountById } from './identity.repo.ts';
import { accountNotFound } from './identity.errors.ts';

/** An account's access keys, without their secrets. */
export async function listAccessKeys(deps: Deps, accountId: string) {
  if (!(await findAccountById(deps.db.kysely, accountId))) throw accountNotFound(accountId);
  return listKeysRows(deps.db.kysely, accountId);
}
