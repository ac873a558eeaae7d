import { SqliteAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/** Dialect differences live here and nowhere else. */
export function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** An auto-incrementing integer primary key: `integer primary key autoincrement` or an identity column. */
export function serialPrimaryKey(db: Kysely<unknown>): [type: 'integer' | 'bigint', build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  return isSqlite(db)
    ? ['integer', (c) => c.primaryKey().autoIncrement()]
    : ['bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()];
}
