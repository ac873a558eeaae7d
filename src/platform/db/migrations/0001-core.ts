import { serialPrimaryKey } from '../dialect.ts';
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';

/** Accounts, identities, keys, tokens, settings and jobs: the platform's core tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sqlIn('kind', ['operator', 'partner', 'customer'])))
    .addColumn('partner_type', 'varchar(32)', (c) =>
      c.check(sqlIn('partner_type', ['solution_provider', 'distributor', 'reseller'], true)),
    )
    .addColumn('parent_id', 'varchar(64)', (c) => c.references('accounts.id'))
    .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_parent_idx').on('accounts').column('parent_id').execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('association_type', 'integer', (c) => c.notNull().check(sqlIn('association_type', [1, 2])))
    .addColumn('associated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('xaccount_id', 'varchar(128)')
    .addColumn('xaccount_type', 'varchar(64)')
    .execute();
  await db.schema.createIndex('customers_partner_idx').on('customers').columns(['partner_id', 'associated_at']).execute();
  await db.schema
    .createIndex('customers_xaccount_uq')
    .on('customers')
    .columns(['xaccount_type', 'xaccount_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('users_account_name_uq', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('access_keys')
    .addColumn('access', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id'))
    .addColumn('secret_sealed', 'varchar(512)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('access_keys_account_idx').on('access_keys').column('account_id').execute();

  await db.schema
    .createTable('tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('users.id'))
    .addColumn('account_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
    .addColumn('acting_account_id', 'varchar(64)', (c) => c.references('accounts.id'))
    .addColumn('method', 'varchar(16)', (c) => c.notNull())
    .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tokens_expires_idx').on('tokens').column('expires_at').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  const [serialType, serial] = serialPrimaryKey(db);
  await db.schema
    .createTable('jobs')
    .addColumn('id', serialType, serial)
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('key', 'varchar(255)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('locked_until', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .addUniqueConstraint('jobs_kind_key_uq', ['kind', 'key'])
    .execute();
  await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();
}


function sqlIn(column: string, values: ReadonlyArray<string | number>, nullable = false): Expression<SqlBool> {
  const list = sql.join(values.map((v) => sql.lit(v)));
  return nullable
    ? sql<SqlBool>`${sql.ref(column)} is null or ${sql.ref(column)} in (${list})`
    : sql<SqlBool>`${sql.ref(column)} in (${list})`;
}
