import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

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
    const stmt = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Not from the cache: an iterating statement cannot run again until the iteration ends.
    const stmt = this.#db.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}
