import { makeAppendOnly, serialPrimaryKey } from '../dialect.ts';
import { sql, type Kysely } from 'kysely';

/**
 * The ledger (accounts, an append-only journal of entries and postings), the funds module's income
 * and expense records, operator top-ups and credit lines, and idempotency keys for money requests.
 * Amounts are bigint fen. Balances are guarded by CHECK constraints as well as by the conditional
 * updates that change them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const [serialType, serial] = serialPrimaryKey(db);
  const MAX = '9000000000000000';

  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', serialType, serial)
    .addColumn('owner_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('balance_type', 'integer', (c) => c.notNull().check(sql`balance_type in (1, 2, 5, 7)`))
    .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('designated', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('allow_negative', 'integer', (c) => c.notNull().defaultTo(0).check(sql`allow_negative in (0, 1)`))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('ledger_accounts_owner_type_uq', ['owner_id', 'balance_type'])
    .addCheckConstraint('ledger_accounts_designated_ck', sql`designated >= 0`)
    // No negative balance, and earmarked funds never exceed the balance, unless the account may go
    // below zero (the system's counter-accounts: money entering from outside, credit issued).
    .addCheckConstraint('ledger_accounts_balance_ck', sql`allow_negative = 1 or balance >= designated`)
    .addCheckConstraint('ledger_accounts_range_ck', sql.raw(`balance between -${MAX} and ${MAX}`))
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', serialType, serial)
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('ref', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('initiator_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('memo', 'varchar(255)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_postings')
    .addColumn('id', serialType, serial)
    .addColumn('entry_id', 'bigint', (c) => c.notNull().references('ledger_entries.id'))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('designated_delta', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_postings_entry_idx').on('ledger_postings').column('entry_id').execute();
  await db.schema.createIndex('ledger_postings_account_idx').on('ledger_postings').columns(['account_id', 'id']).execute();
  await makeAppendOnly(db, 'ledger_entries');
  await makeAppendOnly(db, 'ledger_postings');

  await db.schema
    .createTable('funds_records')
    .addColumn('id', serialType, serial)
    .addColumn('entry_id', 'bigint', (c) => c.notNull().references('ledger_entries.id'))
    .addColumn('owner_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('balance_type', 'integer', (c) => c.notNull())
    .addColumn('direction', 'integer', (c) => c.notNull().check(sql`direction in (1, 2)`))
    .addColumn('trade_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('trade_detail_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('trade_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .addColumn('counterparty_id', 'varchar(64)')
    .addColumn('counterparty_name', 'varchar(64)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('funds_records_owner_idx').on('funds_records').columns(['owner_id', 'balance_type', 'created_at']).execute();
  await db.schema.createIndex('funds_records_trade_idx').on('funds_records').column('trade_id').execute();

  for (const table of ['funds_top_ups', 'funds_credit_lines']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('partner_id', 'varchar(64)', (c) => c.notNull().references('accounts.id'))
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
      .$call((t) => (table === 'funds_top_ups' ? t.addColumn('designated', 'bigint', (c) => c.notNull().defaultTo(0)) : t))
      .addColumn('entry_id', 'bigint', (c) => c.notNull().references('ledger_entries.id'))
      .addColumn('memo', 'varchar(255)')
      .addColumn('created_by', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_partner_idx`).on(table).columns(['partner_id', 'created_at']).execute();
  }

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('id', serialType, serial)
    .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('operation', 'varchar(64)', (c) => c.notNull())
    .addColumn('key', 'varchar(255)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('idempotency_keys_scope_uq', ['account_id', 'operation', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();
}
