import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, type SdkError } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { toFen } from '../../src/platform/money.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { cashOf, createWorld, topUp, yuan, type Actor, type World } from './factories.ts';

/**
 * A bank test in the manner of Jepsen's: 64 concurrent clients move money between a few hot
 * accounts (a tier-1, its tier-2 and three customers) through the signed API for a bounded time,
 * while a reader checks that the hot accounts always sum to the same total. Afterwards: no negative
 * balance, the ledger reconciles, every acknowledged movement is in the journal exactly once and
 * nothing else is, and the balances equal the acknowledged movements applied to the start.
 */
const CLIENTS = 64;
const DURATION_MS = Number(process.env.FUNDS_BANK_MS ?? 3000);
const SEED = Number(process.env.FUNDS_BANK_SEED ?? Date.now() % 2 ** 31);

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface Move {
  op: string;
  body: Record<string, unknown>;
  from: string;
  to: string;
  fen: bigint;
  caller: Actor;
}

describe(`bank test: ${CLIENTS} concurrent clients on hot accounts (${DIALECT}, seed ${SEED})`, () => {
  let t: TestApp;
  let w: World;

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
    await topUp(t.deps, w.distributor, 50_000n);
  });
  after(async () => t.close());

  it('moves money concurrently without losing, duplicating or making up a fen', async () => {
    const hot = [w.distributor, w.reseller, w.customer, w.customer2, w.resellerCustomer].map((a) => a.id);
    const start = new Map(await Promise.all(hot.map(async (id) => [id, await cashOf(t.deps, id)] as const)));
    const total = [...start.values()].reduce((a, b) => a + b, 0n);
    const entriesBefore = Number((await t.deps.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const random = rng(SEED);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const amount = () => BigInt(1 + Math.floor(random() * 500));

    const moves: Array<() => Move> = [
      () => {
        const c = pick([w.customer, w.customer2]);
        const fen = amount();
        return { op: 'update_customer_account_amount', body: { customer_id: c.id, amount: yuan(fen) }, from: w.distributor.id, to: c.id, fen, caller: w.distributor };
      },
      () => {
        const c = pick([w.customer, w.customer2]);
        const fen = amount();
        return { op: 'reclaim_to_partner_account', body: { customer_id: c.id, amount: yuan(fen) }, from: c.id, to: w.distributor.id, fen, caller: w.distributor };
      },
      () => {
        const fen = amount();
        return { op: 'update_indirect_partner_account', body: { indirect_partner_id: w.reseller.id, amount: yuan(fen) }, from: w.distributor.id, to: w.reseller.id, fen, caller: w.distributor };
      },
      () => {
        const fen = amount();
        return { op: 'reclaim_indirect_partner_account', body: { indirect_partner_id: w.reseller.id, amount: yuan(fen) }, from: w.reseller.id, to: w.distributor.id, fen, caller: w.distributor };
      },
      () => {
        const fen = amount();
        const body = { customer_id: w.resellerCustomer.id, indirect_partner_id: w.reseller.id, amount: yuan(fen) };
        return { op: 'update_customer_account_amount', body, from: w.reseller.id, to: w.resellerCustomer.id, fen, caller: w.distributor };
      },
      () => {
        const fen = amount();
        return { op: 'reclaim_to_partner_account', body: { customer_id: w.resellerCustomer.id, amount: yuan(fen) }, from: w.resellerCustomer.id, to: w.reseller.id, fen, caller: w.reseller };
      },
    ];

    const acked = new Map<string, Move>();
    const counts = { ok: 0, short: 0, retried: 0, reads: 0 };
    const unexpected: string[] = [];
    const deadline = Date.now() + DURATION_MS;
    const clients = { [w.distributor.id]: bssClient(t.url, w.distributor.creds!), [w.reseller.id]: bssClient(t.url, w.reseller.creds!) };

    const client = async () => {
      while (Date.now() < deadline) {
        const m = pick(moves)();
        // Every request carries its own key: the server refuses a second use of one signature
        // (two identical movements signed within one second) unless an idempotency key says
        // what the retry means. A third of them are retried with the same key.
        const key = randomUUID();
        const attempts = random() < 0.33 ? 2 : 1;
        for (let i = 0; i < attempts; i++) {
          try {
            const res = await clients[m.caller.id]!.call(m.op as never, { body: m.body, headers: { 'X-Idempotency-Key': key } });
            const id = String(res.body.transfer_id ?? res.body.trans_id);
            if (i === 0) counts.ok++;
            else counts.retried++;
            const seen = acked.get(id);
            if (seen && seen !== m) unexpected.push(`transfer id ${id} acknowledged for two movements`);
            acked.set(id, m);
          } catch (e) {
            const err = e as SdkError;
            if (err.errorCode === 'CBC.99005003') counts.short++;
            else unexpected.push(`${m.op}: ${err.status} ${err.errorCode} ${err.errorMsg ?? String(e)}`);
          }
        }
      }
    };
    const reader = async () => {
      while (Date.now() < deadline) {
        const row = await t.deps.db.kysely
          .selectFrom('ledger_accounts')
          .select((eb) => eb.fn.sum<string | number>('balance').as('total'))
          .where('owner_id', 'in', hot)
          .where('balance_type', '=', 1)
          .executeTakeFirstOrThrow();
        counts.reads++;
        if (toFen(row.total) !== total) unexpected.push(`a read saw the hot accounts sum to ${row.total}, not ${total}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await Promise.all([...Array.from({ length: CLIENTS }, client), reader()]);

    assert.deepEqual(unexpected, []);
    assert.ok(counts.ok > 20 && counts.retried > 0, `too few movements: ${JSON.stringify(counts)}`);
    assert.ok(counts.reads > 3, `too few reads: ${JSON.stringify(counts)}`);

    // No negative balance anywhere, and the ledger reconciles from its journal.
    const negative = await t.deps.db.kysely.selectFrom('ledger_accounts').select('id').where('allow_negative', '=', 0).where('balance', '<', 0).execute();
    assert.deepEqual(negative, []);
    assert.deepEqual((await verifyLedger(t.deps.db.kysely)).problems, []);

    // Every acknowledged movement is in the journal exactly once, and there is nothing else.
    const refs = await t.deps.db.kysely.selectFrom('ledger_entries').select('ref').where('ref', 'in', [...acked.keys()]).execute();
    assert.equal(refs.length, acked.size);
    const entriesAfter = Number((await t.deps.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(entriesAfter - entriesBefore, acked.size);

    // The balances are the start plus the acknowledged movements.
    const expected = new Map(start);
    for (const m of acked.values()) {
      expected.set(m.from, expected.get(m.from)! - m.fen);
      expected.set(m.to, expected.get(m.to)! + m.fen);
    }
    for (const id of hot) assert.equal(await cashOf(t.deps, id), expected.get(id), `balance of ${id}`);
    // Each movement left its records: one expense and one income row per journal entry.
    const records = await t.deps.db.kysely.selectFrom('funds_records').select((eb) => eb.fn.countAll().as('n')).where('trade_id', 'in', [...acked.keys()]).executeTakeFirstOrThrow();
    assert.equal(Number(records.n), 2 * acked.size);
    process.stdout.write(`# bank ${DIALECT}: ${JSON.stringify({ seed: SEED, clients: CLIENTS, ms: DURATION_MS, ...counts, acked: acked.size })}\n`);
  });
});
