import { SqliteAdapter, sql, type ColumnDefinitionBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

/** Dialect differences live here and nowhere else. */
export function isSqlite(db: Pick<Kysely<unknown>, 'getExecutor'>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** An auto-incrementing integer primary key: `integer primary key autoincrement` or an identity column. */
export function serialPrimaryKey(db: Kysely<unknown>): [type: 'integer' | 'bigint', build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return isSqlite(db)
    ? ['integer', (c) => c.primaryKey().autoIncrement()]
    : ['bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()];
}

/**
 * Makes a table append-only: any UPDATE or DELETE aborts. SQLite uses a trigger per statement kind;
 * PostgreSQL a trigger function shared by every such table.
 */
export async function makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error('bad table name');
  if (isSqlite(db)) {
    for (const op of ['update', 'delete']) {
      await sql
        .raw(`create trigger ${table}_no_${op} before ${op} on ${table} begin select raise(abort, '${table} is append-only'); end`)
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `create or replace function pbss_append_only() returns trigger language plpgsql as $$ begin raise exception '% is append-only', tg_table_name; end $$`,
    )
    .execute(db);
  await sql.raw(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function pbss_append_only()`).execute(db);
}

/**
 * A case-sensitive substring test (`column` contains `needle`): SQLite's LIKE ignores ASCII case,
 * so SQLite uses instr() and PostgreSQL strpos().
 */
export function containsText(db: Pick<Kysely<unknown>, 'getExecutor'>, column: string, needle: string): RawBuilder<SqlBool> {
  return db.getExecutor().adapter instanceof SqliteAdapter
    ? sql<SqlBool>`instr(${sql.ref(column)}, ${needle}) > 0`
    : sql<SqlBool>`strpos(${sql.ref(column)}, ${needle}) > 0`;
}

/**
 * Serialises transactions that name the same key until they end. PostgreSQL takes a
 * transaction-scoped advisory lock; SQLite needs nothing, since every transaction there starts
 * with BEGIN IMMEDIATE and so already runs alone.
 */
export async function serializeOn(trx: Pick<Kysely<unknown>, 'getExecutor'>, key: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/** A column of a PostgreSQL multi-row insert by arrays: its name and its type in the table. */
export type UnnestColumn<R> = readonly [name: keyof R & string, pgType: 'bigint' | 'integer' | 'varchar' | 'text'];

/**
 * PostgreSQL: rows inserted as one array per column (`insert … select * from unnest($1::t[], …)`),
 * so that the statement's text does not depend on how many rows it carries: PostgreSQL parses and
 * plans it once per connection (a named statement) instead of planning a VALUES list of that many
 * rows each time, which for a group's flush cost more than executing it.
 */
export function unnestInsert<R>(table: string, columns: ReadonlyArray<UnnestColumn<R>>, rows: readonly R[]): RawBuilder<unknown> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table) || columns.some(([c]) => !/^[a-z_][a-z0-9_]*$/.test(c))) throw new Error('bad table or column name');
  const arrays = columns.map(([name, type]) => sql`${rows.map((r) => pgArrayValue(r[name]))}::${sql.raw(type)}[]`);
  return sql`insert into ${sql.raw(table)} (${sql.raw(columns.map(([c]) => c).join(', '))}) select * from unnest(${sql.join(arrays)})`;
}

/** node-postgres writes array elements with their toString(): bigint and number alike. */
const pgArrayValue = (v: unknown) => (v === undefined ? null : v);
