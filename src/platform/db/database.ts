import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresIntrospector,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Dialect,
  type ColumnMetadata,
  type TableMetadata,
  sql,
} from 'kysely';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE } from 'kysely/migration';
import type { DB } from './schema.ts';
import { CachingSqliteConnection } from './sqlite-connection.ts';
import { createGroupCommit, preludeAlone, type Prelude, type TransactionWork } from './group-commit.ts';
import { startCheckpointer } from './sqlite-checkpointer.ts';

export type Dialect_ = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<DB>;
  dialect: Dialect_;
  /**
   * Runs a unit of work in a transaction shared with other concurrent ones (group commit, see
   * group-commit.ts): resolved after the commit, rejected alone when it throws. The work may be run
   * more than once (a group is retried with savepoints when one of its works fails), so it must
   * have no effect outside the transaction.
   */
  inGroupCommit<T, R = undefined, I = unknown>(work: TransactionWork<T, R>, prelude?: Prelude<I, R>): Promise<T>;
  close(): Promise<void>;
}

function dbOf(kysely: Kysely<DB>, dialect: Dialect_, onClose?: () => Promise<void>): Db {
  const group = createGroupCommit(kysely);
  return {
    kysely,
    dialect,
    // GROUP_COMMIT=off gives each unit of work a transaction of its own (to compare, or to rule
    // group commit out while investigating); the suite, the crash test included, runs with it on.
    inGroupCommit: <T, R, I>(work: TransactionWork<T, R>, prelude?: Prelude<I, R>) =>
      process.env.GROUP_COMMIT === 'off'
        ? kysely.transaction().execute(async (trx) => work(trx, (await preludeAlone(trx, prelude as Prelude<unknown, R> | undefined)) as R))
        : group.run(work, prelude),
    close: async () => {
      await group.drain();
      await onClose?.();
      await kysely.destroy();
    },
  };
}

/**
 * SQLite has a single writer. Starting every transaction with BEGIN IMMEDIATE takes the write
 * lock up front, so two transactions never both read and then fail to upgrade (SQLITE_BUSY).
 * Statements stay prepared between uses (CachingSqliteConnection).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #connection: CachingSqliteConnection;

  constructor(database: Database.Database) {
    super({ database });
    this.#connection = new CachingSqliteConnection(database);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

function sqliteDialect(database: Database.Database): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver(database),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

export interface OpenOptions {
  /** PostgreSQL only: the schema to use (created when missing). Tests use one schema each. */
  schema?: string;
  poolSize?: number;
}

export function sqlitePathFromUrl(url: string): string {
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  return file === ':memory:' ? file : path.resolve(file);
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Db> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openPostgres(url, options);
  }
  if (url.startsWith('sqlite:') || !url.includes('://')) {
    if (options.schema) throw new Error('DATABASE_SCHEMA applies to PostgreSQL only');
    return openSqlite(sqlitePathFromUrl(url));
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://`);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (kill -9); FULL also survives power loss.
  const synchronous = process.env.SQLITE_SYNCHRONOUS ?? 'NORMAL';
  database.pragma(`synchronous = ${synchronous}`);
  database.pragma('foreign_keys = ON');
  // No waiting inside SQLite for another process's write lock: it would sleep with the event loop
  // blocked. CachingSqliteConnection waits on a timer instead (BUSY_WAIT_MS).
  database.pragma('busy_timeout = 0');
  // Statement journals (the undo log of a savepoint, and of a statement that may fail halfway)
  // in memory: in a temporary file, each grouped money movement cost dozens of write() calls.
  database.pragma('temp_store = MEMORY');
  if (file === ':memory:') return dbOf(new Kysely<DB>({ dialect: sqliteDialect(database) }), 'sqlite');
  // Checkpoints run on a thread of their own; this connection checkpoints only past 10,000 pages
  // (40 MB of WAL), should that thread fall behind.
  database.pragma('wal_autocheckpoint = 10000');
  const checkpointer = startCheckpointer(file, { synchronous });
  return dbOf(new Kysely<DB>({ dialect: sqliteDialect(database) }), 'sqlite', () => checkpointer.stop());
}

async function openPostgres(url: string, options: OpenOptions): Promise<Db> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error('bad schema name');
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('connect', nameStatements);
  return dbOf(new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool }) }), 'postgres');
}

/**
 * Kysely's PostgreSQL introspector (which its migrator asks whether the migration tables exist)
 * reads every schema of the database and calls has_schema_privilege() on each name: when another
 * process drops a schema between the catalog scan and that call, the call fails with "schema does
 * not exist" and so does our migration. Schemas come and go in a shared database (each test has
 * its own); ours is the only one we ask about, so the introspector reads the current schema alone.
 */
class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    const all = new PostgresIntrospector(db);
    return {
      getSchemas: () => all.getSchemas(),
      getTables: (options?: DatabaseMetadataOptions) => ownTables(db, options),
    };
  }
}

async function ownTables(db: Kysely<any>, options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
  const { rows } = await sql<{ table: string; schema: string; kind: string; column: string; type: string; type_schema: string; not_null: boolean; has_default: boolean; comment: string | null }>`
    select c.relname as table, ns.nspname as schema, c.relkind as kind, a.attname as column,
           typ.typname as type, tns.nspname as type_schema, a.attnotnull as not_null,
           a.atthasdef as has_default, col_description(a.attrelid, a.attnum) as comment
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type typ on typ.oid = a.atttypid
      join pg_catalog.pg_namespace tns on tns.oid = typ.typnamespace
     where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p', 'f')
       and a.attnum > 0 and not a.attisdropped
     order by c.relname, a.attnum`.execute(db);
  const internal = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
  const tables = new Map<string, TableMetadata & { columns: ColumnMetadata[] }>();
  for (const row of rows) {
    if (!options?.withInternalKyselyTables && internal.has(row.table)) continue;
    let table = tables.get(row.table);
    if (!table) {
      table = { name: row.table, schema: row.schema, isView: row.kind === 'v', isForeign: row.kind === 'f', columns: [] };
      tables.set(row.table, table);
    }
    table.columns.push({
      name: row.column,
      dataType: row.type,
      dataTypeSchema: row.type_schema,
      isNullable: !row.not_null,
      hasDefaultValue: row.has_default,
      isAutoIncrementing: false,
      ...(row.comment !== null ? { comment: row.comment } : {}),
    });
  }
  return [...tables.values()];
}

/** Distinct statements a connection keeps prepared; later ones run unnamed (parsed each time). */
const NAMED_STATEMENTS_PER_CONNECTION = 256;

/**
 * Runs every parameterised query of a connection as a named (prepared) statement, so that
 * PostgreSQL parses and plans each distinct SQL text once per connection instead of at every
 * execution: a money movement is a dozen small statements, and on a small machine the server's
 * parse and plan time competes with the application for the same cores. Kysely sends the same text
 * for the same query shape, so the set stays small; it is bounded all the same. Prepared
 * statements belong to the session: a pooler in transaction mode (PgBouncer < 1.21) cannot carry
 * them. PostgreSQL re-plans them after DDL by itself, but refuses a `select *` whose columns
 * changed under it; migrations run at start, before any such statement is prepared.
 */
function nameStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<unknown>;
  const names = new Map<string, string>();
  (client as unknown as { query: typeof query }).query = (config, values) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      let name = names.get(config);
      if (name === undefined && names.size < NAMED_STATEMENTS_PER_CONNECTION) {
        name = `pbss_${names.size}`;
        names.set(config, name);
      }
      if (name !== undefined) return query({ name, text: config, values });
    }
    return query(config, values);
  };
}
