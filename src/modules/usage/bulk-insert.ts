import { CompiledQuery, type Compilable, type InsertQueryBuilder, type InsertResult, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { isSqlite } from '../../platform/db/dialect.ts';

/** Multi-row writes of the usage module's repositories (usage.repo.ts): the statement shapes per dialect. */

type Conn = Kysely<DB> | Transaction<DB>;
const onSqlite = (db: Conn): boolean => isSqlite(db as unknown as Kysely<unknown>);

/** Multi-row statements stay under both dialects' parameter limits. */
export function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(8000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Rows per statement of a multi-row insert: the largest power of two under the parameter budget. */
export function rowsPerStatement(columns: number): number {
  let n = 1;
  while (n * 2 * columns <= 8000) n *= 2;
  return n;
}

/**
 * The row counts a multi-row write of `total` rows is split into: statements of `max` rows, then
 * the rest in powers of two (so that each table has a handful of statement shapes, each compiled
 * and prepared once, instead of one per row count).
 */
export function shapesOf(total: number, max: number): number[] {
  const out: number[] = [];
  let left = total;
  for (; left >= max; left -= max) out.push(max);
  for (let p = max >> 1; p >= 1; p >>= 1) {
    if (left >= p) {
      out.push(p);
      left -= p;
    }
  }
  return out;
}

/** Column types of the rows a bulk write sends (PostgreSQL array parameters). */
export type PgType = 'text' | 'int4' | 'int8';

/**
 * A multi-row insert into `table`. SQLite: statements of up to `rowsPerStatement` rows, built by
 * Kysely once per row count (a handful of shapes: see shapesOf), prepared once, and run with the
 * rows' values laid out row after row. PostgreSQL: one statement whatever the number of rows, one
 * array parameter per column (`select * from unnest(...)`), so that the server parses one
 * statement of a few parameters instead of thousands. Every row carries every column (null when
 * empty). `suffix` follows the statement (`on conflict ...`).
 */
export function bulkInsert<R extends object, O = never>(
  table: keyof DB & string,
  columns: Readonly<Record<keyof R & string, PgType>>,
  suffix?: { sqlite: (q: InsertQueryBuilder<DB, keyof DB & string, InsertResult>) => Compilable<O>; postgres: string },
): (trx: Transaction<DB>, rows: readonly R[]) => Promise<O[]> {
  const names = Object.keys(columns) as Array<keyof R & string>;
  const max = rowsPerStatement(names.length);
  const sqliteTexts = new Map<number, string>();
  const sqliteText = (db: Conn, count: number): string => {
    let text = sqliteTexts.get(count);
    if (text === undefined) {
      const empty = Object.fromEntries(names.map((n) => [n, null]));
      const q = db.insertInto(table).values(Array.from({ length: count }, () => empty) as never);
      sqliteTexts.set(count, (text = (suffix ? suffix.sqlite(q) : q).compile().sql));
    }
    return text;
  };
  const pgText =
    `insert into "${table}" (${names.map((n) => `"${n}"`).join(', ')}) select * from unnest(${names.map((n, i) => `$${i + 1}::${columns[n]}[]`).join(', ')})` +
    (suffix ? ` ${suffix.postgres}` : '');
  return async (trx, rows) => {
    if (rows.length === 0) return [];
    if (!onSqlite(trx)) {
      const parameters = names.map((n) => rows.map((r) => (r as Record<string, unknown>)[n] ?? null));
      return (await trx.executeQuery<O>(CompiledQuery.raw(pgText, parameters))).rows;
    }
    const out: O[] = [];
    let offset = 0;
    for (const n of shapesOf(rows.length, max)) {
      const parameters: unknown[] = new Array(n * names.length);
      let k = 0;
      for (let i = offset; i < offset + n; i++) {
        const row = rows[i] as Record<string, unknown>;
        for (const name of names) parameters[k++] = row[name] ?? null;
      }
      const { rows: got } = await trx.executeQuery<O>(CompiledQuery.raw(sqliteText(trx, n), parameters));
      for (const r of got) out.push(r);
      offset += n;
    }
    return out;
  };
}
