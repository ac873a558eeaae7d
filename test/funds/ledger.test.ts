import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
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
let seq = 0;
const cash = (ownerId: string) => ({ ownerId, balanceType: BalanceType.cash });

describe(`ledger (${DIALECT})`, () => {
  let t: TestDb;
  const post = (postings: PostingInput[], kind = 'test') =>
    t.db.kysely.transaction().execute((trx) => postEntry(trx, { kind, ref: `T${++seq}-${process.pid}`, initiatorId: 'test', at: AT, postings }));
  const cashOf = async (owner: string) => balanceOf((await findBalances(t.db.kysely, [owner])).get(owner), BalanceType.cash);

  before(async () => {
    t = await createTestDb();
    await migrateToLatest(t.db);
  });
  after(async () => t.dispose());

  it('posts entries that sum to zero, creating accounts on first use and recording each balance left', async () => {
    const posted = await post([
      { account: SYSTEM_ACCOUNTS.external, amount: -10_000n },
      { account: cash('owner-a'), amount: 10_000n, designatedDelta: 2_000n },
    ]);
    assert.deepEqual(posted.balances.map((b) => b.balance), [-10_000n, 10_000n]);
    await post([
      { account: cash('owner-a'), amount: -3_000n },
      { account: cash('owner-b'), amount: 3_000n },
    ]);
    assert.deepEqual(await cashOf('owner-a'), { balanceType: 1, balance: 7_000n, designated: 2_000n });
    assert.equal((await cashOf('owner-b')).balance, 3_000n);
    assert.equal((await cashOf('nobody')).balance, 0n);
    const postings = await t.db.kysely.selectFrom('ledger_postings').select(['amount', 'balance_after']).where('entry_id', '=', posted.entryId).orderBy('id').execute();
    assert.equal(postings.length, 2);
    assert.deepEqual((await verifyLedger(t.db.kysely)).problems, []);
  });

  it('refuses entries that do not balance, have one posting, or post to one account twice', async () => {
    await assert.rejects(post([{ account: cash('x'), amount: 1n }, { account: cash('y'), amount: 1n }]), /sum to 2/);
    await assert.rejects(post([{ account: cash('x'), amount: 0n }]), /at least two/);
    await assert.rejects(post([{ account: cash('x'), amount: 1n }, { account: cash('x'), amount: -1n }]), /twice/);
  });

  it('refuses a debit below zero or into earmarked funds, and writes nothing', async () => {
    const before = await t.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    // owner-a holds 7,000 of which 2,000 designated: 5,000 may move, 5,001 may not.
    await assert.rejects(post([{ account: cash('owner-a'), amount: -5_001n }, { account: cash('owner-c'), amount: 5_001n }]), (e) => {
      assert.ok(e instanceof InsufficientBalanceError);
      assert.equal(e.code, 'CBC.99005003');
      assert.equal(e.account.ownerId, 'owner-a');
      return true;
    });
    await assert.rejects(post([{ account: cash('owner-b'), amount: -3_001n }, { account: cash('owner-c'), amount: 3_001n }]), InsufficientBalanceError);
    const afterCount = await t.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
    assert.equal((await cashOf('owner-c')).balance, 0n);
    await post([{ account: cash('owner-a'), amount: -5_000n }, { account: cash('owner-c'), amount: 5_000n }]);
    assert.deepEqual(await cashOf('owner-a'), { balanceType: 1, balance: 2_000n, designated: 2_000n });
  });

  it('posts under a condition only while it holds, on the two-posting path and the step-by-step one', async () => {
    const count = async () => Number((await t.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await sql`create table if not exists cond_flags (name varchar(16) primary key, up integer not null)`.execute(t.db.kysely);
    await sql`insert into cond_flags (name, up) values ('open', 1), ('shut', 0)`.execute(t.db.kysely);
    const flag = (name: string) => sql`select 1 from cond_flags where name = ${name} and up = 1`;
    const postIf = (postings: PostingInput[], onlyIf: ReturnType<typeof flag>) =>
      t.db.kysely.transaction().execute((trx) => postEntry(trx, { kind: 'test', ref: `C${++seq}-${process.pid}`, initiatorId: 'test', at: AT, postings, onlyIf }));
    await post([{ account: SYSTEM_ACCOUNTS.external, amount: -1_000n }, { account: cash('cond-a'), amount: 1_000n }]);
    const two = (fen: bigint): PostingInput[] => [{ account: cash('cond-a'), amount: -fen }, { account: cash('cond-b'), amount: fen }];
    const three = (fen: bigint): PostingInput[] => [{ account: cash('cond-a'), amount: -2n * fen }, { account: cash('cond-b'), amount: fen }, { account: cash('cond-c'), amount: fen }];
    for (const postings of [two(100n), three(100n)]) {
      const before = { entries: await count(), a: (await cashOf('cond-a')).balance };
      await assert.rejects(postIf(postings, flag('shut')), EntryConditionFailed);
      await assert.rejects(postIf(postings, flag('missing')), EntryConditionFailed);
      assert.equal(await count(), before.entries, 'nothing posted');
      assert.equal((await cashOf('cond-a')).balance, before.a);
      await postIf(postings, flag('open'));
      assert.equal(await count(), before.entries + 1);
    }
    // A condition that holds does not hide a shortfall.
    await assert.rejects(postIf(two(10_000n), flag('open')), InsufficientBalanceError);
    assert.deepEqual([(await cashOf('cond-a')).balance, (await cashOf('cond-b')).balance, (await cashOf('cond-c')).balance], [700n, 200n, 100n]);
    assert.deepEqual((await verifyLedger(t.db.kysely)).problems, []);
  });

  it('has database constraints behind the conditional updates', async () => {
    await assert.rejects(sql`update ledger_accounts set balance = -1 where owner_id = 'owner-b'`.execute(t.db.kysely));
    await assert.rejects(sql`update ledger_accounts set designated = balance + 1 where owner_id = 'owner-b'`.execute(t.db.kysely));
    await assert.rejects(sql`update ledger_accounts set designated = -1 where owner_id = 'owner-b'`.execute(t.db.kysely));
  });

  it('keeps the journal append-only', async () => {
    await assert.rejects(sql`update ledger_postings set amount = amount + 1`.execute(t.db.kysely), /append-only/);
    await assert.rejects(sql`delete from ledger_postings`.execute(t.db.kysely), /append-only/);
    await assert.rejects(sql`update ledger_entries set kind = 'x'`.execute(t.db.kysely), /append-only/);
    await assert.rejects(sql`delete from ledger_entries`.execute(t.db.kysely), /append-only/);
  });

  it('locks accounts in one order: entries in opposite directions never deadlock', async () => {
    await post([{ account: SYSTEM_ACCOUNTS.external, amount: -1_000_000n }, { account: cash('ping'), amount: 500_000n }, { account: cash('pong'), amount: 500_000n }]);
    const moves = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? post([{ account: cash('ping'), amount: -7n }, { account: cash('pong'), amount: 7n }])
        : post([{ account: cash('pong'), amount: -7n }, { account: cash('ping'), amount: 7n }]),
    );
    await Promise.all(moves);
    assert.equal((await cashOf('ping')).balance + (await cashOf('pong')).balance, 1_000_000n);
    assert.equal((await cashOf('ping')).balance, 500_000n);
  });

  it('verify reports balances that differ from the journal, unbalanced entries and broken running balances', async () => {
    assert.equal((await verifyLedger(t.db.kysely)).ok, true);
    // Tamper with a balance behind the ledger's back.
    await sql`update ledger_accounts set balance = balance + 1 where owner_id = 'owner-b'`.execute(t.db.kysely);
    let report = await verifyLedger(t.db.kysely);
    assert.equal(report.ok, false);
    assert.match(report.problems.join('\n'), /owner-b.*balance 3001 but its postings sum to 3000/);
    await sql`update ledger_accounts set balance = balance - 1 where owner_id = 'owner-b'`.execute(t.db.kysely);
    assert.equal((await verifyLedger(t.db.kysely)).ok, true);

    // Append an entry whose single posting does not balance and whose balance_after is wrong.
    const account = await t.db.kysely.selectFrom('ledger_accounts').select('id').where('owner_id', '=', 'owner-b').executeTakeFirstOrThrow();
    const entry = await t.db.kysely
      .insertInto('ledger_entries')
      .values({ kind: 'forged', ref: `forged-${process.pid}`, initiator_id: 'x', memo: null, created_at: AT })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('ledger_postings')
      .values({ entry_id: Number(entry.id), account_id: Number(account.id), amount: 5n, designated_delta: 0n, balance_after: 99n })
      .execute();
    report = await verifyLedger(t.db.kysely);
    assert.equal(report.ok, false);
    const text = report.problems.join('\n');
    assert.match(text, new RegExp(`entry ${entry.id}: 1 postings summing to 5`));
    assert.match(text, /balance 3000 but its postings sum to 3005/);
    assert.match(text, /balance_after 99 but the running sum is 3005/);
  });
});
