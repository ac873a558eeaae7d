import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { OPERATIONS } from '../../src/contract/generated/operations.ts';
import { openDatabase, type Db } from '../../src/platform/db/database.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { formatAmount, toFen } from '../../src/platform/money.ts';
import { DIALECT, TEST_DATABASE_URL } from '../support/db.ts';
import { credsOf } from '../support/sdk.ts';
import { ROOT, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { rawCall } from './raw-call.ts';

/**
 * The crash test (reliability plan C1/C4, issue 3): the real server runs as a child process under a
 * write load of signed allocations and reclaims, each with its own X-Idempotency-Key, from several
 * concurrent clients; it is killed with SIGKILL at a random moment and restarted, CYCLES times.
 * The client keeps an acknowledged-operation log (an operation is acknowledged only on a 2xx whose
 * body was read); requests in flight at the kill are "unknown". After every restart:
 * - PRAGMA integrity_check (SQLite) and verifyLedger pass;
 * - every unknown operation is retried with the same key (twice): an operation that had committed
 *   answers its stored transfer id and moves nothing, one that had not is applied now or refused;
 * - every acknowledged movement is in the journal exactly once; every movement in the journal has
 *   exactly one completed idempotency row naming it, and vice versa (nothing partial, nothing twice);
 * - both balances equal the start plus the movements known to be applied.
 * Every other cycle the server runs with WORKERS=2 (two processes on one port and one database),
 * and the kill takes every one of its processes.
 * The log lives in this process, which is never killed; the server under test is the only victim.
 */
const CYCLES = Number(process.env.FUNDS_CRASH_CYCLES ?? 20);
const CLIENTS = Number(process.env.FUNDS_CRASH_CLIENTS ?? 8);
const SEED = Number(process.env.FUNDS_CRASH_SEED ?? Date.now() % 2 ** 31);
/** The load runs for a uniform random time in this range before the kill. */
const LOAD_MS: [number, number] = [200, 1200];

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

type OpName = 'update_customer_account_amount' | 'reclaim_to_partner_account';

interface Op {
  key: string;
  op: OpName;
  fen: bigint;
  cycle: number;
  state: 'in-flight' | 'acked' | 'rejected' | 'unknown' | 'applied-on-retry';
  /** transfer_id / trans_id once known. */
  ref?: string;
}

const distributor = demoActor('distributor');
const customer = demoActor('resale_customer');
const creds = credsOf(distributor);

describe(`crash test: SIGKILL under a signed write load, ${CYCLES} cycles (${DIALECT}, seed ${SEED})`, { timeout: 900_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-crash-'));
  const schema = TEST_DATABASE_URL ? `crash_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl = TEST_DATABASE_URL ?? `sqlite://${path.join(dataDir, 'crash.sqlite')}`;
  let server: ServerProcess | undefined;

  // Every other cycle the server runs as two processes sharing the port (WORKERS=2): a kill then
  // takes both at once, each in the middle of its own groups.
  let starts = 0;
  const start = () => startServerProcess({ dataDir, databaseUrl, databaseSchema: schema, env: { WORKERS: starts++ % 2 === 1 ? '2' : '1' } });
  /** A connection of the test's own, opened for one check and closed before the next kill. */
  const withDb = async <T,>(fn: (db: Db) => Promise<T>): Promise<T> => {
    const db = await openDatabase(databaseUrl, { schema });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  before(async () => {
    server = await start();
  });
  after(async () => {
    if (server) await server.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema && TEST_DATABASE_URL) {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`).finally(() => client.end());
    }
  });

  it('loses no acknowledged movement and applies none twice', async () => {
    const random = rng(SEED);
    const ops: Op[] = [];
    const unexpected: string[] = [];
    const counts = { acked: 0, rejected: 0, unknown: 0, unknownCommitted: 0, unknownAppliedOnRetry: 0, unknownRefusedOnRetry: 0, lost: 0, duplicated: 0 };
    const recoveries: number[] = [];

    const send = (op: Op) =>
      rawCall(server!.url, creds, {
        method: 'POST',
        path: OPERATIONS[op.op].path,
        body: { customer_id: customer.accountId, amount: formatAmount(op.fen) },
        headers: { 'X-Idempotency-Key': op.key },
      });
    const refOf = (json: Record<string, unknown>) => String(json.transfer_id ?? json.trans_id);

    const snapshot = () =>
      withDb(async (db) => {
        const k = db.kysely;
        const keys = await k
          .selectFrom('idempotency_keys')
          .select(['key', 'status', 'response_body'])
          .where('account_id', '=', distributor.accountId)
          .where('operation', 'in', ['update_customer_account_amount', 'reclaim_to_partner_account'])
          .execute();
        const entries = await k.selectFrom('ledger_entries').select(['ref']).where('kind', 'in', ['allocate', 'reclaim']).where('initiator_id', '=', distributor.accountId).execute();
        const records = await k
          .selectFrom('funds_records as r')
          .innerJoin('ledger_entries as e', 'e.id', 'r.entry_id')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where('e.kind', 'in', ['allocate', 'reclaim'])
          .where('e.initiator_id', '=', distributor.accountId)
          .executeTakeFirstOrThrow();
        const cash = await k
          .selectFrom('ledger_accounts')
          .select(['owner_id', 'balance'])
          .where('owner_id', 'in', [distributor.accountId, customer.accountId])
          .where('balance_type', '=', 1)
          .execute();
        const balance = (id: string) => toFen(cash.find((c) => c.owner_id === id)?.balance ?? 0);
        const report = await verifyLedger(k);
        const integrity = db.dialect === 'sqlite' ? String(Object.values((await sql<Record<string, string>>`pragma integrity_check`.execute(k)).rows[0] ?? {})[0]) : 'ok';
        return {
          keys: new Map(keys.map((r) => [r.key, r])),
          refs: entries.map((e) => e.ref),
          records: Number(records.n),
          distributor: balance(distributor.accountId),
          customer: balance(customer.accountId),
          report,
          integrity,
        };
      });

    const initial = await snapshot();
    assert.equal(initial.report.ok, true, initial.report.problems.join('\n'));
    const baseRefs = new Set(initial.refs);
    assert.equal(initial.keys.size, 0, 'the distributor has no idempotency keys before the test');

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // 1. Load, then SIGKILL at a random moment while requests are in flight.
      let killing = false;
      const client = async () => {
        while (!killing) {
          const allocate = random() < 0.6;
          const op: Op = {
            key: `crash-${SEED}-${cycle}-${ops.length}-${randomBytes(4).toString('hex')}`,
            op: allocate ? 'update_customer_account_amount' : 'reclaim_to_partner_account',
            fen: BigInt(1 + Math.floor(random() * 5000)),
            cycle,
            state: 'in-flight',
          };
          ops.push(op);
          try {
            const res = await send(op);
            if (res.status === 200) {
              op.state = 'acked';
              op.ref = refOf(res.json);
              counts.acked++;
            } else if (res.status === 400 && res.json.error_code === 'CBC.99005003') {
              op.state = 'rejected';
              counts.rejected++;
            } else {
              op.state = 'unknown';
              unexpected.push(`cycle ${cycle}: ${op.op} answered ${res.status} ${res.text.slice(0, 200)}`);
            }
          } catch {
            op.state = 'unknown';
          }
        }
      };
      const load = Array.from({ length: CLIENTS }, client);
      await new Promise((r) => setTimeout(r, LOAD_MS[0] + random() * (LOAD_MS[1] - LOAD_MS[0])));
      killing = true;
      await server!.kill();
      await Promise.all(load);
      const inDoubt = ops.filter((o) => o.cycle === cycle && o.state === 'unknown');
      counts.unknown += inDoubt.length;

      // 2. Restart on the same data.
      server = await start();
      recoveries.push(server.startMs);

      // 3. Resolve the in-doubt operations by retrying them with the same key, twice.
      const before = await snapshot();
      for (const op of inDoubt) {
        const stored = before.keys.get(op.key);
        const storedRef = stored?.response_body ? refOf(JSON.parse(stored.response_body) as Record<string, unknown>) : undefined;
        const first = await send(op);
        if (first.status === 200) {
          op.ref = refOf(first.json);
          op.state = 'applied-on-retry';
          if (storedRef !== undefined) {
            counts.unknownCommitted++;
            if (op.ref !== storedRef) {
              counts.duplicated++;
              unexpected.push(`cycle ${cycle}: ${op.key} committed as ${storedRef} before the kill, applied again as ${op.ref}`);
            }
          } else counts.unknownAppliedOnRetry++;
          const second = await send(op);
          if (second.status !== 200 || refOf(second.json) !== op.ref) {
            counts.duplicated++;
            unexpected.push(`cycle ${cycle}: ${op.key} replayed as ${second.status} ${second.text.slice(0, 200)}, not ${op.ref}`);
          }
        } else if (first.status === 400 && first.json.error_code === 'CBC.99005003' && storedRef === undefined) {
          op.state = 'rejected';
          counts.unknownRefusedOnRetry++;
        } else {
          unexpected.push(`cycle ${cycle}: retry of ${op.key} (stored ${storedRef ?? 'nothing'}) answered ${first.status} ${first.text.slice(0, 200)}`);
        }
      }

      // 4. Check the journal against the log.
      const now = await snapshot();
      const where = `cycle ${cycle} (seed ${SEED})`;
      assert.equal(now.integrity, 'ok', `${where}: integrity_check`);
      assert.equal(now.report.ok, true, `${where}: ledger verify\n${now.report.problems.join('\n')}`);
      const refs = now.refs.filter((r) => !baseRefs.has(r));
      const keyRefs: string[] = [];
      for (const [key, row] of now.keys) {
        if (row.status !== 'completed' || row.response_body === null) unexpected.push(`${where}: key ${key} left ${row.status}`);
        else keyRefs.push(refOf(JSON.parse(row.response_body) as Record<string, unknown>));
      }
      // One journal entry per completed key, naming each other: nothing partial, nothing twice.
      assert.deepEqual([...refs].sort(), [...keyRefs].sort(), `${where}: journal entries and completed idempotency keys differ`);
      assert.equal(now.records, 2 * refs.length, `${where}: income/expense records per entry`);
      const present = new Set(refs);
      let expectedDistributor = initial.distributor;
      let expectedCustomer = initial.customer;
      for (const op of ops) {
        if (op.state === 'acked' || op.state === 'applied-on-retry') {
          if (!present.has(op.ref!) || now.keys.get(op.key)?.response_body === undefined) {
            counts.lost++;
            unexpected.push(`${where}: acknowledged ${op.key} (${op.ref}) is missing`);
          }
          const sign = op.op === 'update_customer_account_amount' ? 1n : -1n;
          expectedDistributor -= sign * op.fen;
          expectedCustomer += sign * op.fen;
        } else if (op.state === 'rejected' && now.keys.has(op.key)) {
          unexpected.push(`${where}: refused ${op.key} left an idempotency row`);
        }
      }
      assert.deepEqual(unexpected, [], `${where}: ${JSON.stringify(counts)}`);
      assert.equal(refs.length, ops.filter((o) => o.state === 'acked' || o.state === 'applied-on-retry').length, `${where}: movements applied`);
      assert.equal(now.distributor, expectedDistributor, `${where}: distributor's cash`);
      assert.equal(now.customer, expectedCustomer, `${where}: customer's cash`);
    }

    // The operator's reconciliation command agrees (once, at the end: each CLI start costs seconds).
    await server!.stop();
    server = undefined;
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'ledger', 'verify', '--database-url', databaseUrl, ...(schema ? ['--database-schema', schema] : [])], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(cli.status, 0, cli.stderr + cli.stdout);
    assert.equal((JSON.parse(cli.stdout) as { ok: boolean }).ok, true);

    recoveries.sort((a, b) => a - b);
    const summary = {
      seed: SEED,
      cycles: CYCLES,
      clients: CLIENTS,
      ...counts,
      ops: ops.length,
      restartMsP50: Math.round(recoveries[Math.floor(recoveries.length / 2)] ?? 0),
      restartMsMax: Math.round(recoveries.at(-1) ?? 0),
    };
    assert.equal(counts.lost, 0);
    assert.equal(counts.duplicated, 0);
    assert.ok(counts.acked > CYCLES, `too few acknowledged movements: ${JSON.stringify(summary)}`);
    assert.ok(counts.unknown > 0, `no request was ever in flight at a kill: ${JSON.stringify(summary)}`);
    process.stdout.write(`# crash ${DIALECT}: ${JSON.stringify(summary)}\n`);
  });
});
