import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

/** How long a statement outside a transaction (BEGIN IMMEDIATE above all) waits for the write lock. */
export const BUSY_WAIT_MS = 10_000;

const isBusy = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';

/** Distinct SQL texts kept prepared; queries with `in (?, ?, …)` lists make a few variants each. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * A better-sqlite3 connection for Kysely that keeps prepared statements by SQL text. Kysely's own
 * SqliteDriver prepares every query anew, which costs as much as running it; a money movement runs
 * the same dozen statements each time. Least recently used statements are dropped past the limit.
 * SQLite re-prepares a cached statement by itself when the schema changes (migrations).
 */
export class CachingSqliteConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(text: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(text);
    if (stmt) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.#statements.delete(text);
    } else {
      stmt = this.#db.prepare(text);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(text, stmt);
    return stmt;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return this.#execute(compiledQuery);
    } catch (error) {
      // Inside a transaction this connection already holds the write lock (BEGIN IMMEDIATE):
      // nothing there waits for another process, and a failure belongs to the caller.
      if (!isBusy(error) || this.#db.inTransaction) throw error;
      return this.#retryWhileBusy(compiledQuery);
    }
  }

  #execute<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const stmt = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
  }

  /**
   * Another process holds the write lock (several server processes, or the CLI, on one file). The
   * connection's busy timeout is zero, so SQLite returned at once instead of sleeping with the
   * event loop blocked; this waits on a timer instead, so that requests keep being read (and
   * grouped) meanwhile, and tries again, for up to BUSY_WAIT_MS.
   */
  async #retryWhileBusy<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (let attempt = 1; ; attempt++) {
      // The lock is usually held for one group (a few milliseconds): look again every millisecond
      // at first, less often once it has been taken for long (a big import, a checkpoint).
      await new Promise((resolve) => setTimeout(resolve, attempt <= 200 ? 1 : 10));
      try {
        return this.#execute(compiledQuery);
      } catch (error) {
        if (!isBusy(error) || this.#db.inTransaction || Date.now() > deadline) throw error;
      }
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Not from the cache: an iterating statement cannot run again until the iteration ends.
    const stmt = this.#db.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}
