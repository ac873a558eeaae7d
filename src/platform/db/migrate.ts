import { sql } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001-core.ts';
import * as m0002 from './migrations/0002-funds.ts';
import * as m0003 from './migrations/0003-customers.ts';
import * as m0004 from './migrations/0004-catalog.ts';
import * as m0005 from './migrations/0005-work-orders.ts';
import * as m0006 from './migrations/0006-coupons.ts';
import * as m0007 from './migrations/0007-orders.ts';
import * as m0008 from './migrations/0008-associations.ts';
import * as m0009 from './migrations/0009-usage.ts';
import * as m0010 from './migrations/0010-sso-webhooks.ts';
import * as m0011 from './migrations/0011-lean-write-path.ts';
import * as m0012 from './migrations/0012-usage-lean-lines.ts';

/**
 * Forward-only migrations, listed in code so that they ship inside the package and run the same on
 * SQLite and PostgreSQL. A module's new migration is a new file added to this list (modules prefix names with a number so they sort); an applied one is never edited.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-core': m0001,
  '0002-funds': m0002,
  '0003-customers': m0003,
  '0004-catalog': m0004,
  '0005-work-orders': m0005,
  '0006-coupons': m0006,
  '0007-orders': m0007,
  '0008-associations': m0008,
  '0009-usage': m0009,
  '0010-sso-webhooks': m0010,
  '0011-lean-write-path': m0011,
  '0012-usage-lean-lines': m0012,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Db): Promise<string[]> {
  // On PostgreSQL, name the schema of the migration tables: without it Kysely counts them as present
  // when any schema of the database holds them (another test's, say), skips creating its own, and fails.
  const schema = db.dialect === 'postgres' ? (await sql<{ name: string }>`select current_schema() as name`.execute(db.kysely)).rows[0]?.name : undefined;
  const migrator = new Migrator({ db: db.kysely, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
