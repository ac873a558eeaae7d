import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.ts';

/**
 * Two processes (or the CLI beside the server) on one SQLite file: when another connection holds
 * the write lock, a transaction waits for it on a timer, with the event loop free, and then runs.
 */
describe('SQLite: waiting for another connection’s write lock', () => {
  it('waits without blocking the event loop, then commits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-busy-'));
    const file = path.join(dir, 'busy.sqlite');
    const db = await openDatabase(`sqlite://${file}`);
    const other = new Database(file);
    try {
      await sql`create table t (id integer primary key, n integer not null)`.execute(db.kysely);
      await sql`insert into t (id, n) values (1, 0)`.execute(db.kysely);
      // Another connection takes the write lock and keeps it for 300 ms.
      other.exec('begin immediate; update t set n = n + 10 where id = 1');
      setTimeout(() => other.exec('commit'), 300);

      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = performance.now();
      await db.kysely.transaction().execute(async (trx) => {
        await sql`update t set n = n + 1 where id = 1`.execute(trx);
      });
      const waited = performance.now() - started;
      clearInterval(ticker);

      assert.ok(waited >= 250, `the transaction waited for the lock (${waited.toFixed(0)} ms)`);
      assert.ok(ticks >= 10, `timers ran while it waited (${ticks} ticks)`);
      const row = await sql<{ n: number }>`select n from t where id = 1`.execute(db.kysely);
      assert.equal(row.rows[0]!.n, 11, 'both updates, in lock order');
    } finally {
      other.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
