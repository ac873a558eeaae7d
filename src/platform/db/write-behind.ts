/**
 * Rows a transaction appends and does not read back (journal postings, income/expense records,
 * outbox events), written together just before the commit instead of one statement per unit of
 * work. Group commit opens a buffer for its transaction (openWriteBehind) and flushes it before
 * COMMIT: a group of 64 money movements then inserts its 128 records with one statement instead
 * of 64, which matters most where each statement is a network round trip (PostgreSQL).
 *
 * Outside a group commit (no buffer open for the transaction), appendLater writes at once, so a
 * caller never depends on which path it is on. Only tables that nothing reads inside the
 * transaction that wrote them may go through here, and only rows without unique constraints that
 * a unit of work could trip: the flush fails the whole group, not one work.
 */

/** Writes rows of one kind (one table), all at once. */
export type FlushRows<R> = (trx: object, rows: R[]) => Promise<void>;

interface Pending {
  flush: FlushRows<unknown>;
  rows: unknown[];
}

interface WriteBehind {
  /** In first-append order, so that tables are written in a stable order (foreign keys). */
  pending: Map<FlushRows<unknown>, Pending>;
}

const buffers = new WeakMap<object, WriteBehind>();

/** Starts buffering for `trx` (group commit does, for the transaction of a group). */
export function openWriteBehind(trx: object): void {
  buffers.set(trx, { pending: new Map() });
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
  for (const { flush, rows } of buffer.pending.values()) {
    for (let i = 0; i < rows.length; i += FLUSH_CHUNK) await flush(trx, rows.slice(i, i + FLUSH_CHUNK));
  }
}

/** Rows per statement: well under SQLite's and PostgreSQL's limits on parameters per statement. */
const FLUSH_CHUNK = 256;
