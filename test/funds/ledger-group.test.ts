import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import { allOrNothing } from '../../src/platform/db/write-behind.ts';
import { createTestDb, DIALECT, type TestDb } from '../support/db.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import {
  BalanceType,
  EntryConditionFailed,
  InsufficientBalanceError,
  SYSTEM_ACCOUNTS,
  balanceOf,
  findBalances,
  postEntry,
  verifyLedger,
  type PostingInput,
} from '../../src/modules/ledger/index.ts';

const AT = '2026-01-01T00:00:00.000Z';
const cash = (ownerId: string) => ({ ownerId, balanceType: BalanceType.cash });
let seq = 0;

/**
 * Entries posted inside a group commit whose works all commit or all fail (post-in-group.ts): the
 * group holds each account once, checks and applies every entry in memory, and writes balances,
 * entries and postings at its flush. What a caller sees must be what the statement-by-statement
 * path gives: the same balances after each entry, the same refusals, each for its own work.
 */
describe(`ledger entries in a group commit (${DIALECT})`, { skip: process.env.GROUP_COMMIT === 'off' && 'GROUP_COMMIT=off' }, () => {
  let t: TestDb;
  const ref = () => `G${++seq}-${process.pid}`;
  const move = (from: string, to: string, fen: bigint): PostingInput[] => [
    { account: cash(from), amount: -fen },
    { account: cash(to), amount: fen },
  ];
  /** Works queued in one turn of the event loop, so that they share a group. */
  const together = <T>(works: Array<(trx: Transaction<DB>) => Promise<T>>) => Promise.allSettled(works.map((w) => t.db.inGroupCommit(w)));
  const cashOf = async (owner: string) => balanceOf((await findBalances(t.db.kysely, [owner])).get(owner), BalanceType.cash).balance;
  const fund = (owner: string, fen: bigint) =>
    t.db.kysely.transaction().execute((trx) => postEntry(trx, { kind: 'test', ref: ref(), initiatorId: 'test', at: AT, postings: [{ account: SYSTEM_ACCOUNTS.external, amount: -fen }, { account: cash(owner), amount: fen }] }));
  const postings = async (entryId: number) =>
    (await sql<{ account_id: number; amount: string | number; balance_after: string | number }>`select account_id, amount, balance_after from ledger_postings where entry_id = ${entryId} order by id`.execute(t.db.kysely)).rows.map((r) => ({
      account: Number(r.account_id),
      amount: BigInt(r.amount),
      after: BigInt(r.balance_after),
    }));

  before(async () => {
    t = await createTestDb();
    await migrateToLatest(t.db);
    await sql`create table group_flags (name varchar(16) primary key, up integer not null)`.execute(t.db.kysely);
    await sql`insert into group_flags (name, up) values ('open', 1), ('shut', 0)`.execute(t.db.kysely);
  });
  after(async () => {
    assert.deepEqual((await verifyLedger(t.db.kysely)).problems, []);
    await t.dispose();
  });

  it('applies a group of entries in arrival order, each seeing the balances the ones before it left', async () => {
    await fund('hot', 1_000n);
    const paths: boolean[] = [];
    const settled = await together(
      [100n, 200n, 300n, 50n].map((fen, i) => async (trx) => {
        paths.push(allOrNothing(trx) !== null);
        return postEntry(trx, { kind: 'test', ref: ref(), initiatorId: 'test', at: AT, postings: move('hot', `cold-${i % 2}`, fen) });
      }),
    );
    assert.deepEqual(paths, [true, true, true, true], 'one group, run without savepoints');
    const posted = settled.map((s) => (s.status === 'fulfilled' ? s.value : assert.fail(String(s.reason))));
    assert.deepEqual(
      posted.map((p) => p.balances.map((b) => b.balance)),
      [
        [900n, 100n],
        [700n, 200n],
        [400n, 400n],
        [350n, 250n],
      ],
    );
    const ids = posted.map((p) => p.entryId);
    assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'entry ids in arrival order');
    assert.equal(new Set(ids).size, 4);
    // The journal holds what the callers were told.
    for (const p of posted) assert.deepEqual((await postings(p.entryId)).map((r) => r.after).sort(), p.balances.map((b) => b.balance).sort());
    assert.deepEqual([await cashOf('hot'), await cashOf('cold-0'), await cashOf('cold-1')], [350n, 400n, 250n]);
    // The next entry, outside any group, takes the next id.
    const next = await fund('hot', 1n);
    assert.ok(next.entryId > Math.max(...ids));
  });

  it('refuses a shortfall to its own work alone, the others of its group applied', async () => {
    await fund('short', 500n);
    const settled = await together([300n, 300n, 200n].map((fen) => (trx) => postEntry(trx, { kind: 'test', ref: ref(), initiatorId: 'test', at: AT, postings: move('short', 'long', fen) })));
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.ok((settled[1] as PromiseRejectedResult).reason instanceof InsufficientBalanceError);
    assert.deepEqual([await cashOf('short'), await cashOf('long')], [0n, 500n]);
  });

  it('refuses the entry of a group whose condition does not hold, alone', async () => {
    await fund('cond', 1_000n);
    const flag = (name: string) => sql`select 1 from group_flags where name = ${name} and up = 1`;
    const settled = await together(
      ['open', 'shut', 'open', 'missing'].map((name) => (trx) => postEntry(trx, { kind: 'test', ref: ref(), initiatorId: 'test', at: AT, postings: move('cond', 'cond-to', 10n), onlyIf: flag(name) })),
    );
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    for (const i of [1, 3]) assert.ok((settled[i] as PromiseRejectedResult).reason instanceof EntryConditionFailed);
    assert.equal(await cashOf('cond-to'), 20n);
  });

  it('refuses an entry whose ref the group already used, once the flush finds it, to that work alone', async () => {
    await fund('dup', 100n);
    const same = ref();
    const settled = await together([same, ref(), same].map((r) => (trx) => postEntry(trx, { kind: 'test', ref: r, initiatorId: 'test', at: AT, postings: move('dup', 'dup-to', 10n) })));
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'fulfilled', 'rejected']);
    assert.equal(await cashOf('dup-to'), 20n);
  });

  it('creates the accounts an entry of the group posts to first, and reads balances as the group left them', async () => {
    const owner = `new-${process.pid}`;
    await fund('giver', 100n);
    const seen: bigint[] = [];
    await together<unknown>([
      (trx) => postEntry(trx, { kind: 'test', ref: ref(), initiatorId: 'test', at: AT, postings: move('giver', owner, 30n) }),
      async (trx) => {
        const b = await findBalances(trx, [owner, 'giver']);
        seen.push(balanceOf(b.get(owner), BalanceType.cash).balance, balanceOf(b.get('giver'), BalanceType.cash).balance);
      },
    ]);
    assert.deepEqual(seen, [30n, 70n]);
    assert.equal(await cashOf(owner), 30n);
  });

  it('keeps the rows a condition found locked until the group commits (PostgreSQL)', { skip: DIALECT !== 'postgres' && 'SQLite: the group holds the write lock' }, async () => {
    await fund('locked', 100n);
    let update: Promise<unknown> | undefined;
    await together([
      async (trx) => {
        await postEntry(trx, { kind: 'test', ref: ref(), initiatorId: 'test', at: AT, postings: move('locked', 'locked-to', 1n), onlyIf: sql`select 1 from group_flags where name = 'open' and up = 1` });
        // Another connection cannot change the row the condition read while the group is open.
        update = t.db.kysely.transaction().execute(async (other) => {
          await sql`set local lock_timeout = '200ms'`.execute(other);
          await sql`update group_flags set up = 0 where name = 'open'`.execute(other);
        });
        await assert.rejects(update, /lock timeout/);
      },
    ]);
    assert.equal(await cashOf('locked-to'), 1n);
  });
});
