import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { isSqlite, unnestInsert, type UnnestColumn } from './dialect.ts';
import type { ReusableQuery } from './reusable-query.ts';
import type { DB } from './schema.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Rows a transaction appends and does not read back (journal postings, income/expense records,
 * outbox events), written together just before the commit instead of one statement per unit of
 * work. Group commit opens a buffer for its transaction (openWriteBehind) and flushes it before
 * COMMIT: a group of 64 money movements then inserts its 128 records with one statement instead
 * of 64, which matters most where each statement is a network round trip (PostgreSQL).
 *
 * Outside a group commit (no buffer open for the transaction), appendLater writes at once, so a
 * caller never depends on which path it is on. Only tables that nothing reads inside the
 * transaction that wrote them may go through here. A flush that fails in a group's all-or-nothing
 * run sends the group to its run with savepoints; there a failing flush fails every work of the
 * group, so rows that one work could make break a constraint (journal entries, whose refs are
 * unique) are buffered only in the all-or-nothing run.
 */

/**
 * Writes rows of one kind (one table), all at once. With `statement`, the same write as a SQL
 * statement not yet run: on PostgreSQL a group's flushes that all have one are sent together, as
 * one statement of data-modifying CTEs (one round trip instead of one per table).
 */
export type FlushRows<R> = ((trx: object, rows: R[]) => Promise<void>) & { statement?: (trx: object, rows: R[]) => RawBuilder<unknown> };

/**
 * A flush written its own way on SQLite, and on PostgreSQL as one statement (`onPostgres`), which
 * a group's flush sends together with the others.
 */
export function dialectFlush<R>(onSqlite: (conn: Conn, rows: R[]) => Promise<unknown>, onPostgres: (conn: Conn, rows: R[]) => RawBuilder<unknown>): FlushRows<R> {
  return Object.assign(
    async (trx: object, rows: R[]) => {
      const conn = trx as Conn;
      await (isSqlite(conn) ? onSqlite(conn, rows) : onPostgres(conn, rows).execute(conn));
    },
    { statement: (trx: object, rows: R[]) => onPostgres(trx as Conn, rows) },
  );
}

/**
 * A flush that inserts its rows into `table`: on SQLite with a multi-row insert of that many rows
 * (`query`, built with slotRows), on PostgreSQL with one array per column (unnestInsert).
 */
export function insertsOf<R>(query: ReusableQuery<{ rows: R[] }, unknown, number>, table: string, columns: ReadonlyArray<UnnestColumn<R>>): FlushRows<R> {
  return dialectFlush(
    (conn, rows) => query(conn, { rows }, rows.length),
    (_conn, rows) => unnestInsert(table, columns, rows),
  );
}

interface Pending {
  flush: FlushRows<unknown>;
  rows: unknown[];
}

interface WriteBehind {
  /** In first-append order, so that tables are written in a stable order (foreign keys). */
  pending: Map<FlushRows<unknown>, Pending>;
  /** Set when no unit of work of the transaction can be undone on its own: see allOrNothing. */
  allOrNothing: { works: number } | null;
}

const buffers = new WeakMap<object, WriteBehind>();

/**
 * Starts buffering for `trx` (group commit does, for the transaction of a group). `allOrNothing`
 * says that the transaction runs its `works` units of work without savepoints: either all of them
 * commit or none does, so no rows appended by one of them are ever dropped on their own.
 */
export function openWriteBehind(trx: object, options: { allOrNothing?: { works: number } } = {}): void {
  buffers.set(trx, { pending: new Map(), allOrNothing: options.allOrNothing ?? null });
}

/**
 * When `trx` is a group's transaction whose works all commit or all fail together (no savepoints),
 * how many works it runs; null otherwise. A module may then keep state of its own for the whole
 * transaction (and write it with the write-behind rows), knowing that a failing work takes every
 * other down with it: the group then runs again with savepoints, where this returns null.
 */
export function allOrNothing(trx: object): { works: number } | null {
  return buffers.get(trx)?.allOrNothing ?? null;
}

/** Appends rows to be written before `trx` commits; at once when nothing buffers for `trx`. */
export async function appendLater<R>(trx: object, flush: FlushRows<R>, rows: R[]): Promise<void> {
  if (rows.length === 0) return;
  const buffer = buffers.get(trx);
  if (!buffer) return flush(trx, rows);
  let pending = buffer.pending.get(flush as FlushRows<unknown>);
  if (!pending) buffer.pending.set(flush as FlushRows<unknown>, (pending = { flush: flush as FlushRows<unknown>, rows: [] }));
  pending.rows.push(...rows);
}

/** Where the buffer stands now: pass it to discardSince to drop what was appended after. */
export function writeBehindMark(trx: object): Map<FlushRows<unknown>, number> {
  const mark = new Map<FlushRows<unknown>, number>();
  for (const [key, p] of buffers.get(trx)?.pending ?? []) mark.set(key, p.rows.length);
  return mark;
}

/** After a rollback to a savepoint: the rows its work appended are dropped with it. */
export function discardSince(trx: object, mark: Map<FlushRows<unknown>, number>): void {
  for (const [key, p] of buffers.get(trx)?.pending ?? []) p.rows.length = mark.get(key) ?? 0;
}

/** Writes every buffered row (group commit calls it last, inside the transaction) and stops buffering. */
export async function flushWriteBehind(trx: object): Promise<void> {
  const buffer = buffers.get(trx);
  if (!buffer) return;
  buffers.delete(trx);
  const pending = [...buffer.pending.values()].filter((p) => p.rows.length > 0);
  const together = pending.length > 1 && !isSqlite(trx as Conn) && pending.every((p) => p.flush.statement && p.rows.length <= FLUSH_CHUNK);
  if (together) {
    // One statement: its CTEs run with one snapshot, and foreign keys are checked at its end, so
    // the rows of one CTE may name those of another (postings their entry).
    const parts = pending.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p.flush.statement!(trx, p.rows)})`);
    await sql`with ${sql.join(parts)} select 1`.execute(trx as Conn);
    return;
  }
  for (const { flush, rows } of pending) {
    for (let i = 0; i < rows.length; i += FLUSH_CHUNK) await flush(trx, rows.slice(i, i + FLUSH_CHUNK));
  }
}

/** Rows per statement: well under SQLite's and PostgreSQL's limits on parameters per statement. */
const FLUSH_CHUNK = 256;
