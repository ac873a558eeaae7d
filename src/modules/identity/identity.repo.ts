import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AccountsTable, CustomersTable, DB, UsersTable, AccessKeysTable, TokensTable } from '../../platform/db/schema.ts';

/** SQL for accounts, users, access keys and tokens. Takes a connection or a transaction. */
export type Conn = Kysely<DB> | Transaction<DB>;

export const findAccountById = (db: Conn, id: string) =>
  db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

export const findAccountByName = (db: Conn, name: string) =>
  db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();

export const insertAccount = (db: Conn, row: AccountsTable) => db.insertInto('accounts').values(row).execute();

export const updateAccountStatus = (db: Conn, id: string, status: AccountsTable['status']) =>
  db.updateTable('accounts').set({ status }).where('id', '=', id).executeTakeFirst();

export const insertCustomer = (db: Conn, row: Insertable<CustomersTable>) => db.insertInto('customers').values(row).execute();

export const findCustomer = (db: Conn, id: string) =>
  db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();

export const insertUser = (db: Conn, row: UsersTable) => db.insertInto('users').values(row).execute();

export const findUser = (db: Conn, accountId: string, name: string) =>
  db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();

export const findUserById = (db: Conn, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const insertAccessKey = (db: Conn, row: AccessKeysTable) => db.insertInto('access_keys').values(row).execute();

export const findAccessKeyWithOwner = (db: Conn, access: string) =>
  db
    .selectFrom('access_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .innerJoin('accounts as a', 'a.id', 'k.account_id')
    .select([
      'k.access',
      'k.secret_sealed',
      'k.status',
      'u.id as user_id',
      'u.role as user_role',
      'a.id as account_id',
      'a.name as account_name',
      'a.kind',
      'a.partner_type',
      'a.parent_id',
      'a.status as account_status',
    ])
    .where('k.access', '=', access)
    .executeTakeFirst();

export const listAccessKeys = (db: Conn, accountId: string) =>
  db
    .selectFrom('access_keys')
    .select(['access', 'user_id', 'status', 'description', 'created_at', 'revoked_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('access')
    .execute();

export const insertToken = (db: Conn, row: TokensTable) => db.insertInto('tokens').values(row).execute();

export const findTokenWithOwner = (db: Conn, tokenHash: string) =>
  db
    .selectFrom('tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select([
      't.expires_at',
      't.acting_account_id',
      'u.id as user_id',
      'u.role as user_role',
      'a.id as account_id',
      'a.name as account_name',
      'a.kind',
      'a.partner_type',
      'a.parent_id',
      'a.status as account_status',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
