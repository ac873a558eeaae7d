import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import { createTestDb, DIALECT, type TestDb } from '../support/db.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { appendEvent, EVENT_FAN_OUT_JOB, FAN_OUT_KEY } from '../../src/platform/event-outbox.ts';

/**
 * Group commit (src/platform/db/group-commit.ts) through Db.inGroupCommit: concurrent works share
 * one transaction, each isolated from the others' failures, and each resolved only once committed.
 */
describe(`group commit (${DIALECT})`, { skip: process.env.GROUP_COMMIT === 'off' && 'GROUP_COMMIT=off' }, () => {
  let t: TestDb;
  const insert = (trx: Transaction<DB>, id: number) => sql`insert into gc_rows (id, note) values (${id}, ${`row ${id}`})`.execute(trx);
  const ids = async () => (await sql<{ id: number }>`select id from gc_rows order by id`.execute(t.db.kysely)).rows.map((r) => Number(r.id));

  before(async () => {
    t = await createTestDb();
    await migrateToLatest(t.db); // the events test needs outbox_events and jobs
    await sql`create table gc_rows (id integer primary key, note varchar(32) not null)`.execute(t.db.kysely);
  });
  after(async () => t.dispose());

  it('commits concurrent works together, each answered once its group committed', async () => {
    const works = Array.from({ length: 20 }, (_, i) =>
      t.db.inGroupCommit(async (trx) => {
        await insert(trx, 100 + i);
        return DIALECT === 'postgres' ? String((await sql<{ x: string }>`select txid_current()::text as x`.execute(trx)).rows[0]!.x) : i;
      }),
    );
    const results = await Promise.all(works);
    // Answered: so visible to anyone, on a connection of its own too.
    assert.deepEqual((await ids()).filter((id) => id >= 100), Array.from({ length: 20 }, (_, i) => 100 + i));
    if (DIALECT === 'postgres') assert.ok(new Set(results).size < 20, `20 works in ${new Set(results).size} transactions`);
  });

  it('rejects a failing work alone, including a database error, and applies the others of its group', async () => {
    const runs = new Map<number, number>();
    const work = (id: number, fail?: 'throw' | 'duplicate') =>
      t.db.inGroupCommit(async (trx) => {
        runs.set(id, (runs.get(id) ?? 0) + 1);
        await insert(trx, id);
        if (fail === 'throw') throw new Error(`work ${id} refused`);
        // The same key twice: a constraint violation (on PostgreSQL, one that aborts the transaction).
        if (fail === 'duplicate') await insert(trx, id);
        return id;
      });
    const settled = await Promise.allSettled([work(201), work(202, 'throw'), work(203), work(204, 'duplicate'), work(205)]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /work 202 refused/);
    assert.deepEqual((await ids()).filter((id) => id > 200 && id < 300), [201, 203, 205]);
    // The group ran once without savepoints, failed, and ran again with them: that second run counts.
    assert.ok([...runs.values()].every((n) => n <= 2), JSON.stringify([...runs]));
  });

  it('lets a work see the works before it in its group, as if they ran one after another', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.db.inGroupCommit(async (trx) => {
          const before = await sql<{ n: number | string }>`select count(*) as n from gc_rows where id >= 300`.execute(trx);
          await insert(trx, 300 + i);
          return Number(before.rows[0]!.n);
        }),
      ),
    );
    assert.deepEqual(results, Array.from({ length: 10 }, (_, i) => i));
  });

  it('re-arms the events sweep once per group, and again after the work that did it was rolled back', async () => {
    const done = () => sql`update jobs set status = 'done' where kind = ${EVENT_FAN_OUT_JOB}`.execute(t.db.kysely);
    const sweep = async () => (await sql<{ status: string }>`select status from jobs where kind = ${EVENT_FAN_OUT_JOB} and key = ${FAN_OUT_KEY}`.execute(t.db.kysely)).rows[0]?.status;
    const event = (trx: Transaction<DB>, id: string) => appendEvent(trx, { type: 'test.happened', aggregateType: 'test', aggregateId: id, payload: {} }, new Date());
    await t.db.inGroupCommit((trx) => event(trx, 'first'));
    assert.equal(await sweep(), 'pending');
    await done();
    // The first work re-arms and then fails: its savepoint is rolled back, with the re-arm. The
    // second work must re-arm again, or its event would wait for the next one.
    const settled = await Promise.allSettled([
      t.db.inGroupCommit(async (trx) => {
        await event(trx, 'rolled-back');
        throw new Error('refused after its event');
      }),
      t.db.inGroupCommit((trx) => event(trx, 'kept')),
    ]);
    assert.deepEqual(settled.map((s) => s.status), ['rejected', 'fulfilled']);
    const kept = await sql<{ aggregate_id: string }>`select aggregate_id from outbox_events where type = 'test.happened' order by id`.execute(t.db.kysely);
    assert.deepEqual(kept.rows.map((r) => r.aggregate_id), ['first', 'kept']);
    assert.equal(await sweep(), 'pending', 'the sweep is due for the kept event');
  });

  it('writes the rows works append (write-behind) with the group, in append order; outside a group at once', async () => {
    const event = (trx: Transaction<DB>, id: string) => appendEvent(trx, { type: 'test.order', aggregateType: 'test', aggregateId: id, payload: {} }, new Date());
    const seen = async (conn: Pick<Transaction<DB>, 'executeQuery'> | typeof t.db.kysely) =>
      (await sql<{ aggregate_id: string }>`select aggregate_id from outbox_events where type = 'test.order' order by id`.execute(conn as typeof t.db.kysely)).rows.map((r) => r.aggregate_id);
    const inGroup: Array<{ id: string; rows: string[] }> = [];
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        t.db.inGroupCommit(async (trx) => {
          await event(trx, id);
          // Buffered: not in the table yet while its group runs.
          inGroup.push({ id, rows: await seen(trx) });
        }),
      ),
    );
    assert.deepEqual(await seen(t.db.kysely), ['a', 'b', 'c']);
    assert.equal(inGroup.length, 3);
    assert.ok(inGroup.every(({ id, rows }) => !rows.includes(id)), JSON.stringify(inGroup));
    await t.db.kysely.transaction().execute(async (trx) => {
      await event(trx, 'd');
      assert.deepEqual(await seen(trx), ['a', 'b', 'c', 'd'], 'outside a group commit the row is written at once');
    });
  });

  it('runs the preludes of a group in one batch before its works, each work getting its own result', async () => {
    const calls: number[][] = [];
    const batch = async (trx: Transaction<DB>, items: number[]) => {
      calls.push([...items]);
      for (const id of items) await insert(trx, id);
      return items.map((id) => `prepared ${id}`);
    };
    const order: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.db.inGroupCommit(
          async (trx, prepared) => {
            // Every prelude of the group ran before the first work: all six rows are there.
            const n = await sql<{ n: number | string }>`select count(*) as n from gc_rows where id between 500 and 599`.execute(trx);
            order.push(`${prepared} saw ${Number(n.rows[0]!.n)}`);
            return prepared;
          },
          { batch, item: 500 + i },
        ),
      ),
    );
    assert.deepEqual(results, Array.from({ length: 6 }, (_, i) => `prepared ${500 + i}`));
    assert.deepEqual(calls, [[500, 501, 502, 503, 504, 505]], 'one batch for the group');
    assert.ok(order.every((line) => line.endsWith('saw 6')), order.join('; '));
    assert.deepEqual((await ids()).filter((id) => id >= 500 && id < 600), [500, 501, 502, 503, 504, 505]);
  });

  it('after a failure, runs each prelude inside its work savepoint: a failed work keeps nothing of its prelude', async () => {
    const calls: number[][] = [];
    const batch = async (trx: Transaction<DB>, items: number[]) => {
      calls.push([...items]);
      for (const id of items) await insert(trx, id);
      return items;
    };
    const settled = await Promise.allSettled(
      [601, 602, 603].map((id) =>
        t.db.inGroupCommit(
          async (_trx, prepared) => {
            if (prepared === 602) throw new Error('602 refused after its prelude');
            return prepared;
          },
          { batch, item: id },
        ),
      ),
    );
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual((await ids()).filter((id) => id > 600 && id < 700), [601, 603]);
    // Speculatively as one batch, then (the run that counts) one item at a time.
    assert.deepEqual(calls, [[601, 602, 603], [601], [602], [603]]);
  });

  it('rejects every work of a group whose prelude batch fails for one of them, then runs them one by one', async () => {
    const batch = async (trx: Transaction<DB>, items: number[]) => {
      for (const id of items) {
        if (id === 702) throw new Error('no prelude for 702');
        await insert(trx, id);
      }
      return items;
    };
    const settled = await Promise.allSettled([701, 702, 703].map((id) => t.db.inGroupCommit(async (_trx, prepared) => prepared, { batch, item: id })));
    assert.deepEqual(settled.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason))), [701, 'Error: no prelude for 702', 703]);
    assert.deepEqual((await ids()).filter((id) => id > 700 && id < 800), [701, 703]);
  });

  it('drains queued works before the database closes', async () => {
    const other = await createTestDb();
    await sql`create table gc_rows (id integer primary key, note varchar(32) not null)`.execute(other.db.kysely);
    const pending = Array.from({ length: 5 }, (_, i) => other.db.inGroupCommit((trx) => insert(trx, 400 + i).then(() => i)));
    const disposing = other.dispose();
    assert.deepEqual(await Promise.all(pending), [0, 1, 2, 3, 4]);
    await disposing;
  });
});
