import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { UserRole } from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { findAccountById, findUser, insertUser } from './identity.repo.ts';
import { accountNotFound, invalidInput, nameTaken } from './identity.errors.ts';

export interface CreateUserInput {
  accountId: string;
  name: string;
  password: string;
  /** `partner_operator` is a partner's staff member; `member` an ordinary user of the account. */
  role: Exclude<UserRole, 'root'>;
  id?: string;
}

/** Adds a user with a password to an account (console sign-in and password tokens). */
export async function createUser(deps: Deps, input: CreateUserInput): Promise<{ id: string; name: string }> {
  if (!/^[a-zA-Z0-9_.@-]{1,64}$/.test(input.name)) throw invalidInput('user name must be 1-64 of letters, digits, _ . @ -');
  if (input.password.length < 8 || input.password.length > 128) throw invalidInput('password must be 8-128 characters');
  const passwordHash = await hashPassword(input.password);
  return deps.db.kysely.transaction().execute(async (trx) => {
    const account = await findAccountById(trx, input.accountId);
    if (!account) throw accountNotFound(input.accountId);
    if (input.role === 'partner_operator' && account.kind !== 'partner') throw invalidInput('partner operators belong to partner accounts');
    if (await findUser(trx, input.accountId, input.name)) throw nameTaken(input.name);
    const id = input.id ?? deps.ids.hex32();
    await insertUser(trx, { id, account_id: input.accountId, name: input.name, password_hash: passwordHash, role: input.role, created_at: iso(deps.clock.now()) });
    return { id, name: input.name };
  });
}

/** Sets the password of an account's root user (so the account owner can sign in with a password). */
export async function setRootPassword(deps: Deps, accountId: string, password: string): Promise<void> {
  if (password.length < 8 || password.length > 128) throw invalidInput('password must be 8-128 characters');
  const passwordHash = await hashPassword(password);
  const res = await deps.db.kysely
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('account_id', '=', accountId)
    .where('role', '=', 'root')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw accountNotFound(accountId);
}
