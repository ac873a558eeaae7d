import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001-core.ts';

/**
 * Forward-only migrations, listed in code so that they ship inside the package and run the same on
 * SQLite and PostgreSQL. A module's new migration is a new file added to this list (modules prefix names with a number so they sort); an applied one is never edited.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-core': m0001,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
