import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { DB, SsoConfigsTable, SsoHandlesTable, SsoRequestsTable } from '../../platform/db/schema.ts';

/** SQL of SSO access configurations, SP credentials, requests, the replay cache and handles. */
export type Conn = Kysely<DB> | Transaction<DB>;
export type SsoConfig = Selectable<SsoConfigsTable>;
export type SsoHandle = Selectable<SsoHandlesTable>;

export const findConfigByPartner = (db: Conn, partnerId: string) => db.selectFrom('sso_configs').selectAll().where('partner_id', '=', partnerId).executeTakeFirst();
export const findConfig = (db: Conn, xaccountType: string) => db.selectFrom('sso_configs').selectAll().where('xaccount_type', '=', xaccountType).executeTakeFirst();
export const insertConfig = (db: Conn, row: Insertable<SsoConfigsTable>) => db.insertInto('sso_configs').values(row).execute();
export const updateConfig = (db: Conn, xaccountType: string, set: Updateable<SsoConfigsTable>) =>
  db.updateTable('sso_configs').set(set).where('xaccount_type', '=', xaccountType).execute();

/** Removing a configuration removes its open requests and handles (cascade); bindings stay on the customers. */
export async function deleteConfig(db: Conn, xaccountType: string): Promise<void> {
  await db.deleteFrom('sso_handles').where('xaccount_type', '=', xaccountType).execute();
  await db.deleteFrom('sso_requests').where('xaccount_type', '=', xaccountType).execute();
  await db.deleteFrom('sso_configs').where('xaccount_type', '=', xaccountType).execute();
}

export const findSpCredentials = (db: Conn) => db.selectFrom('sso_sp_credentials').selectAll().where('id', '=', 'sp').executeTakeFirst();
export const insertSpCredentials = (db: Conn, row: { private_key_sealed: string; certificate_pem: string; created_at: string }) =>
  db.insertInto('sso_sp_credentials').values({ id: 'sp', ...row }).onConflict((oc) => oc.column('id').doNothing()).execute();

export const insertRequest = (db: Conn, row: Insertable<SsoRequestsTable>) => db.insertInto('sso_requests').values(row).execute();
export const findOpenRequest = (db: Conn, id: string, at: string) =>
  db.selectFrom('sso_requests').selectAll().where('id', '=', id).where('consumed_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();

/** Marks a request answered: true for exactly one response. */
export async function consumeRequest(db: Conn, id: string, at: string): Promise<boolean> {
  const res = await db.updateTable('sso_requests').set({ consumed_at: at }).where('id', '=', id).where('consumed_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const purgeExpiredRequests = (db: Conn, before: string) => db.deleteFrom('sso_requests').where('expires_at', '<', before).execute();

/** Remembers an accepted assertion until it expires: false when it was accepted before (a replay). */
export async function rememberAssertion(db: Conn, row: { issuer: string; assertion_id: string; not_on_or_after: string; received_at: string }): Promise<boolean> {
  const inserted = await db.insertInto('sso_assertions').values(row).onConflict((oc) => oc.columns(['issuer', 'assertion_id']).doNothing()).returning('assertion_id').execute();
  return inserted.length === 1;
}

export const purgeExpiredAssertions = (db: Conn, before: string) => db.deleteFrom('sso_assertions').where('not_on_or_after', '<', before).execute();

export const insertHandle = (db: Conn, row: Insertable<SsoHandlesTable>) => db.insertInto('sso_handles').values(row).execute();
export const findHandle = (db: Conn, hash: string) => db.selectFrom('sso_handles').selectAll().where('handle_hash', '=', hash).executeTakeFirst();

/** Uses a handle of the given kind: the row for exactly one caller while it is fresh, else undefined. */
export async function useHandle(db: Conn, hash: string, kind: SsoHandle['kind'], at: string): Promise<SsoHandle | undefined> {
  const res = await db
    .updateTable('sso_handles')
    .set({ used_at: at })
    .where('handle_hash', '=', hash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return undefined;
  return findHandle(db, hash);
}

export const purgeExpiredHandles = (db: Conn, before: string) => db.deleteFrom('sso_handles').where('expires_at', '<', before).execute();

/** The customer bound to a platform user, with its partner and the partner's parent (tier-1). */
export const findBoundCustomer = (db: Conn, xaccountType: string, xaccountId: string) =>
  db
    .selectFrom('customers as c')
    .innerJoin('accounts as p', 'p.id', 'c.partner_id')
    .select(['c.id', 'c.partner_id', 'p.parent_id as partner_parent_id'])
    .where('c.xaccount_type', '=', xaccountType)
    .where('c.xaccount_id', '=', xaccountId)
    .executeTakeFirst();

export const findCustomerWithPartner = (db: Conn, customerId: string) =>
  db
    .selectFrom('customers as c')
    .innerJoin('accounts as p', 'p.id', 'c.partner_id')
    .select(['c.id', 'c.partner_id', 'p.parent_id as partner_parent_id'])
    .where('c.id', '=', customerId)
    .executeTakeFirst();

export const findRootUser = (db: Conn, accountId: string) =>
  db.selectFrom('users').select(['id', 'name']).where('account_id', '=', accountId).where('role', '=', 'root').orderBy('created_at').executeTakeFirst();
