import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDb, DIALECT, TEST_DATABASE_URL, type TestDb } from '../support/db.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

/**
 * PostgreSQL databases are shared: the test suite gives each test a schema of its own and drops it
 * afterwards, and an operator may keep other schemas beside ours. Our migrations must neither see
 * nor trip over them.
 */
describe(`database in a shared PostgreSQL database (${DIALECT})`, { skip: DIALECT !== 'postgres' }, () => {
  let t: TestDb;
  let other: TestDb;
  before(async () => {
    t = await createTestDb();
    other = await createTestDb();
    await migrateToLatest(other.db);
  });
  after(async () => {
    await t.dispose();
    await other.dispose();
  });

  it('migrates while other schemas are created and dropped beside it, and introspects its own schema alone', async () => {
    const churn = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await churn.connect();
    let stop = false;
    let churned = 0;
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `churn_${process.pid}_${i}`;
        await churn.query(`create schema ${name}; create table ${name}.x (id int primary key, v text)`);
        await churn.query(`drop schema ${name} cascade`);
        churned++;
      }
    })();
    try {
      await migrateToLatest(t.db);
      // Migrations are quick; ask the introspector again while the churn goes on.
      for (let i = 0; i < 50 || churned < 20; i++) await t.db.kysely.introspection.getTables();
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
    const tables = await t.db.kysely.introspection.getTables({ withInternalKyselyTables: true });
    assert.deepEqual(new Set(tables.map((table) => table.schema)), new Set([t.schema]));
    const names = tables.map((table) => table.name);
    assert.ok(names.includes('kysely_migration') && names.includes('ledger_accounts'), names.join(', '));
    assert.ok(!(await t.db.kysely.introspection.getTables()).some((table) => table.name === 'kysely_migration'));
    const accounts = tables.find((table) => table.name === 'ledger_accounts');
    assert.ok(accounts && accounts.columns.some((column) => column.name === 'balance' && !column.isNullable));
  });
});
