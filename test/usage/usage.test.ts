import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch } from '../support/sdk.ts';
import { signedText } from '../catalog/signed-text.ts';
import { allocateToCustomer } from '../../src/modules/funds/index.ts';
import { callerOf } from '../funds/factories.ts';
import { createWorld, topUp, type World } from '../funds/factories.ts';
import { fund, giveCredit } from '../orders/support.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { balanceOf, BalanceType, findBalances } from '../../src/modules/ledger/index.ts';
import { grantOperatorDiscounts } from '../../src/modules/rating/index.ts';
import { arrearsFromLedger } from '../../src/modules/associations/index.ts';
import { closeUsageMonth, collectArrears, grantFreePackage, ingestUsage, listFrozenResources, rateAllDue, rateUsage } from '../../src/modules/usage/index.ts';
import { addBandwidth95, bandwidthPoint, cdnTraffic, vmHour } from './support.ts';

const run = promisify(execFile);
const HOUR = 3_600_000;

/** What the ledger holds of a customer: cash + credit. */
async function funds(deps: Deps, customerId: string): Promise<bigint> {
  const b = (await findBalances(deps.db.kysely, [customerId])).get(customerId);
  return balanceOf(b, BalanceType.cash).balance + balanceOf(b, BalanceType.credit).balance;
}

async function billSums(deps: Deps, customerId: string, cycle: string) {
  const r = await deps.db.kysely
    .selectFrom('bill_records')
    .select((eb) => [
      sql<string>`coalesce(sum(consume_amount), 0)`.as('consume'),
      sql<string>`coalesce(sum(cash_amount + credit_amount), 0)`.as('paid'),
      sql<string>`coalesce(sum(debt_amount), 0)`.as('debt'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('customer_id', '=', customerId)
    .where('bill_cycle', '=', cycle)
    .where('charge_mode', '=', 3)
    .executeTakeFirstOrThrow();
  return { consume: BigInt(r.consume), paid: BigInt(r.paid), debt: BigInt(r.debt), n: Number(r.n) };
}

describe('usage: ingestion, on-demand rating, deduction', () => {
  let t: TestApp;
  let w: World;
  let clock: ManualClock;
  let deps: Deps;
  before(async () => {
    t = await startTestApp();
    clock = new ManualClock(new Date('2026-03-05T00:30:00Z'));
    deps = { ...t.deps, clock };
    w = await createWorld(t.deps);
    await topUp(t.deps, w.distributor, 100_000_000n);
    await addBandwidth95(t.deps);
  });
  after(() => t.close());

  it('rejects bad records one by one with their reasons while the rest land; same id and content is a duplicate, other content a conflict', async () => {
    const hour = new Date('2026-03-04T10:00:00Z');
    const good = vmHour(w.customer.id, 'vm-ing-1', hour);
    const batch: unknown[] = [
      good,
      { ...vmHour(w.customer.id, 'vm-ing-1', hour), usage_value: '-1' },
      vmHour('no-such-customer', 'vm-x', hour),
      { ...vmHour(w.customer.id, 'vm-x', hour), spec_code: 'no.such.spec' },
      { ...vmHour(w.customer.id, 'vm-x', hour), usage_type: 'upflow' },
      { ...vmHour(w.customer.id, 'vm-x', hour), usage_measure_id: 10 },
      vmHour(w.customer.id, 'vm-x', new Date('2026-03-01T15:00:00Z')),
      vmHour(w.customer.id, 'vm-x', new Date('2026-03-05T02:00:00Z')),
      { ...vmHour(w.customer.id, 'vm-x', hour), end_time: '2026-03-04T11:30:00Z' },
      'not an object',
      { ...good },
      { ...good, usage_value: '2' },
    ];
    const r = await ingestUsage(deps, { source: 'test', records: batch });
    assert.equal(r.accepted, 1);
    assert.equal(r.duplicate, 1);
    assert.deepEqual(
      r.rejections.map((x) => [x.index, x.code]),
      [
        [1, 'CBC.0100'],
        [2, 'PBSS.4003'],
        [3, 'CBC.99006006'],
        [4, 'CBC.99006074'],
        [5, 'CBC.99006050'],
        [6, 'PBSS.4002'],
        [7, 'PBSS.4002'],
        [8, 'CBC.0100'],
        [9, 'CBC.0100'],
        [11, 'PBSS.4001'],
      ],
    );
    assert.equal(r.rejected, 10);
    // The same batch again: the good record is a duplicate, and nothing else changes.
    const again = await ingestUsage(deps, { source: 'test', records: [good, { ...good, usage_value: '3' }] });
    assert.deepEqual([again.accepted, again.duplicate, again.rejected, again.rejections[0]?.code], [0, 1, 1, 'PBSS.4001']);
    // Another source may use the same id.
    assert.equal((await ingestUsage(deps, { source: 'other', records: [good] })).accepted, 1);
  });

  it('takes NDJSON and JSON batches on the operator API, signed by the operator only', async () => {
    const operator = credsOf(demoActor('operator'));
    const hour = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);
    const recs = [vmHour(w.customer.id, 'vm-api', hour), vmHour(w.customer.id, 'vm-api', hour, 'x')];
    // The app's own clock is the real one: records of two hours ago are inside the window.
    const nd = await signedText(t.url, operator, 'POST', '/operator/v1/usage-records', { text: recs.map((r) => JSON.stringify(r)).join('\n') + '\n{oops\n', type: 'application/x-ndjson' });
    assert.equal(nd.status, 200, nd.text);
    const body = JSON.parse(nd.text) as { accepted: number; rejected: number; rejections: Array<{ index: number; code: string }> };
    assert.deepEqual([body.accepted, body.rejected, body.rejections.map((x) => x.index)], [1, 2, [1, 2]]);
    const js = await signedFetch(t.url, operator, { method: 'POST', path: '/operator/v1/usage-records', body: recs.slice(0, 1), headers: { 'Content-Type': 'application/json' } });
    assert.equal((js.body as { duplicate: number }).duplicate, 1);
    const customer = await signedFetch(t.url, credsOf(demoActor('distributor')), { method: 'POST', path: '/operator/v1/usage-records', body: [], headers: { 'Content-Type': 'application/json' } });
    assert.equal(customer.status, 403);
  });

  it('rates a month across customers: rated lines = on-demand bill records = ledger deductions + debt, to the fen; each record once', async () => {
    const cycle = '2026-04';
    const customers = [w.customer, w.customer2, w.resellerCustomer, w.providerCustomer];
    await fund(t, w, w.customer, 100_000n);
    await fund(t, w, w.resellerCustomer, 1_000n); // short: the rest becomes debt
    await giveCredit(t, w.customer2, 20_000n); // credit only
    await grantOperatorDiscounts(t.deps, { accountId: demoActor('operator').accountId }, [{ discount_type: 605, customer_id: w.customer.id, discount_ratio: 0.83, name: 'biz', charge_mode: 'ON_DEMAND', effective_time: '2026-01-01T00:00:00Z', expire_time: '2027-01-01T00:00:00Z' }]);
    await rateAllDue(deps); // what earlier tests left
    const before = new Map<string, bigint>();
    for (const c of customers) before.set(c.id, await funds(deps, c.id));
    // April 2026 in UTC+8: 2026-03-31T16:00Z .. 2026-04-30T16:00Z, fed day by day as meters would.
    const start = Date.parse('2026-03-31T16:00:00Z');
    let ingested = 0;
    for (let day = 0; day < 30; day++) {
      const records: unknown[] = [];
      for (let h = 0; h < 24; h += 3) {
        const hour = new Date(start + (day * 24 + h) * HOUR);
        customers.forEach((c, ci) => {
          records.push(vmHour(c.id, `vm-${ci}-a`, hour));
          records.push(vmHour(c.id, `vm-${ci}-b`, hour, '0.5'));
          records.push(cdnTraffic(c.id, `cdn-${ci}`, hour, `0.0${(day * 7 + h * 13 + ci) % 97}3`));
          records.push({ ...cdnTraffic(c.id, `cdn-${ci}`, hour, '0.0117'), begin_time: new Date(hour.getTime() + 1_800_000).toISOString() });
        });
      }
      clock.set(new Date(start + (day + 1) * 24 * HOUR + 60_000));
      const r = await ingestUsage(deps, { source: 'month', records });
      assert.equal(r.rejected, 0, JSON.stringify(r.rejections[0]));
      ingested += r.accepted;
      await rateAllDue(deps, { limit: 700 });
    }
    clock.set(new Date(Date.parse('2026-04-30T16:00:00Z') + 74 * HOUR));
    await closeUsageMonth(deps, cycle);
    await closeUsageMonth(deps, cycle); // a second close finds nothing to do
    const rated = await deps.db.kysely.selectFrom('usage_records').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'month').where('status', '=', 1).executeTakeFirstOrThrow();
    assert.equal(Number(rated.n), ingested);
    const lineRecords = await deps.db.kysely.selectFrom('usage_rated_lines').select(sql<string>`sum(record_count)`.as('n')).where('bill_cycle', '=', cycle).executeTakeFirstOrThrow();
    assert.equal(Number(lineRecords.n), ingested);
    for (const c of customers) {
      const lines = await deps.db.kysely
        .selectFrom('usage_rated_lines')
        .select([sql<string>`sum(consume_e8)`.as('e8'), sql<string>`sum(consume_amount)`.as('consume'), sql<string>`sum(official_e8)`.as('official_e8'), sql<string>`sum(discount_amount)`.as('discount')])
        .where('customer_id', '=', c.id)
        .where('bill_cycle', '=', cycle)
        .executeTakeFirstOrThrow();
      const bills = await billSums(deps, c.id, cycle);
      // The month is its exact consumption truncated once.
      assert.equal(bills.consume, BigInt(lines.e8) / 1_000_000n, c.id);
      assert.ok(bills.consume >= BigInt(lines.consume));
      // Ledger: what left the customer's balances is what the bills say was paid; the rest is debt.
      const spent = before.get(c.id)! - (await funds(deps, c.id));
      assert.equal(spent, bills.paid, c.id);
      assert.equal(bills.paid + bills.debt, bills.consume);
      assert.equal(await arrearsFromLedger(deps.db.kysely, c.id), bills.debt);
      const sums = await deps.db.kysely.selectFrom('usage_cycle_sums').select([sql<string>`sum(consume_amount)`.as('consume'), sql<string>`sum(debt_amount)`.as('debt')]).where('customer_id', '=', c.id).where('bill_cycle', '=', cycle).executeTakeFirstOrThrow();
      assert.deepEqual([BigInt(sums.consume), BigInt(sums.debt)], [bills.consume, bills.debt]);
      if (c.id === w.customer.id) assert.ok(BigInt(lines.discount) > 0n, 'the business discount applied');
    }
    assert.ok((await billSums(deps, w.resellerCustomer.id, cycle)).debt > 0n, 'the short customer is in debt');
    assert.equal((await billSums(deps, w.customer2.id, cycle)).debt, 0n, 'credit paid');
  });

  it('a rating pass that fails before its commit leaves nothing; the rerun rates each record once', async () => {
    clock.set(new Date('2026-05-10T05:10:00Z'));
    const recs = [0, 1, 2].map((i) => vmHour(w.customer.id, `vm-fail-${i}`, new Date('2026-05-10T03:00:00Z')));
    assert.equal((await ingestUsage(deps, { source: 'fail', records: recs })).accepted, 3);
    const money = await funds(deps, w.customer.id);
    await assert.rejects(rateUsage(deps, { beforeCommit: () => { throw new Error('injected'); } }), /injected/);
    const lines = await deps.db.kysely.selectFrom('usage_rated_lines').select('id').where('resource_id', 'like', 'vm-fail-%').execute();
    assert.equal(lines.length, 0);
    assert.equal(await funds(deps, w.customer.id), money);
    assert.ok((await rateAllDue(deps)).records >= 3);
    assert.equal((await rateAllDue(deps)).records, 0);
    assert.equal((await deps.db.kysely.selectFrom('usage_rated_lines').select('id').where('resource_id', 'like', 'vm-fail-%').execute()).length, 3);
  });

  it('rating stops at a failing pass: the passes before it stay, it and the one claimed after it leave nothing', async () => {
    // On PostgreSQL the next pass has claimed its records while the failing one writes.
    clock.set(new Date('2026-05-10T07:10:00Z'));
    const recs = [0, 1, 2, 3, 4, 5].map((i) => vmHour(w.customer.id, `vm-stop-${i}`, new Date('2026-05-10T05:00:00Z')));
    assert.equal((await ingestUsage(deps, { source: 'stop', records: recs })).accepted, 6);
    let passes = 0;
    const failSecond = () => {
      if (++passes === 2) throw new Error('injected');
    };
    await assert.rejects(rateAllDue(deps, { limit: 2, beforeCommit: failSecond }), /injected/);
    const rated = () => deps.db.kysely.selectFrom('usage_rated_lines').select('resource_id').where('resource_id', 'like', 'vm-stop-%').execute();
    assert.deepEqual((await rated()).map((l) => l.resource_id).sort(), ['vm-stop-0', 'vm-stop-1']);
    assert.equal((await rateAllDue(deps, { limit: 2 })).records, 4);
    assert.equal((await rated()).length, 6);
    const left = await deps.db.kysely.selectFrom('usage_records').select('id').where('source', '=', 'stop').where('status', '!=', 1).execute();
    assert.equal(left.length, 0);
  });

  it('takes free resource packages first', async () => {
    clock.set(new Date('2026-05-11T20:10:00Z'));
    const { id } = await grantFreePackage(deps, { customer_id: w.customer2.id, name: '10 VM hours', service_type_code: 'hws.service.type.ec2', resource_type_code: 'hws.resource.type.vm', usage_type: 'Duration', measure_id: 4, amount: '10', effective_time: '2026-05-01T00:00:00Z', expire_time: '2026-06-01T00:00:00Z' });
    const recs = Array.from({ length: 15 }, (_, i) => vmHour(w.customer2.id, 'vm-free', new Date(Date.parse('2026-05-11T04:00:00Z') + i * HOUR)));
    await ingestUsage(deps, { source: 'free', records: recs });
    await rateAllDue(deps);
    const lines = await deps.db.kysely.selectFrom('usage_rated_lines').select(['free_usage', 'official_e8', 'period_start']).where('resource_id', '=', 'vm-free').orderBy('period_start').execute();
    assert.equal(lines.length, 15);
    assert.deepEqual(lines.map((l) => l.free_usage), [...Array(10).fill('1'), ...Array(5).fill('0')]);
    assert.deepEqual(lines.map((l) => BigInt(l.official_e8)), [...Array(10).fill(0n), ...Array(5).fill(8_750_000n)]);
    const p = await deps.db.kysely.selectFrom('free_resource_packages').select(['used', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([p.used, p.status], ['10', 2]);
    const usages = await deps.db.kysely.selectFrom('free_resource_usages').select('amount').where('package_id', '=', id).execute();
    assert.equal(usages.length, 10);
  });

  it('accepts late records inside the window and rates them as another line of their hour', async () => {
    clock.set(new Date('2026-05-20T12:10:00Z'));
    const hour = new Date('2026-05-18T00:00:00Z');
    await ingestUsage(deps, { source: 'late', records: [vmHour(w.customer.id, 'vm-late', hour, '0.5')] });
    await rateAllDue(deps);
    clock.set(new Date('2026-05-21T00:30:00Z')); // 71.5 hours after the hour ended
    const late = await ingestUsage(deps, { source: 'late', records: [vmHour(w.customer.id, 'vm-late', hour, '0.5')] });
    assert.equal(late.accepted, 1);
    clock.set(new Date('2026-05-21T02:30:00Z')); // 73.5 hours: too late
    const tooLate = await ingestUsage(deps, { source: 'late', records: [vmHour(w.customer.id, 'vm-late', hour, '0.5')] });
    assert.equal(tooLate.rejections[0]?.code, 'PBSS.4002');
    await rateAllDue(deps);
    const lines = await deps.db.kysely.selectFrom('usage_rated_lines').select(['usage_value']).where('resource_id', '=', 'vm-late').execute();
    assert.deepEqual(lines.map((l) => l.usage_value), ['0.5', '0.5']);
    // A window of its own (USAGE_LATE_WINDOW_HOURS) applies when configured.
    assert.equal((await ingestUsage(deps, { source: 'late', lateWindowMs: 100 * HOUR, records: [vmHour(w.customer.id, 'vm-late', hour, '0.25')] })).accepted, 1);
  });

  it('rates records whose texts hold control characters (the claim reads them one by one then)', async () => {
    clock.set(new Date('2026-05-22T05:10:00Z'));
    const hour = new Date('2026-05-22T03:00:00Z');
    const recs = [vmHour(w.customer.id, 'vm-sep\u001fa', hour, '0.5'), vmHour(w.customer.id, 'vm-sep-b', hour, '0.25')];
    assert.equal((await ingestUsage(deps, { source: 'sep', records: recs })).accepted, 2);
    assert.ok((await rateAllDue(deps)).records >= 2);
    const lines = await deps.db.kysely.selectFrom('usage_rated_lines').select(['resource_id', 'usage_value', 'partner_id', 'spec_code']).where('resource_id', 'like', 'vm-sep%').execute();
    assert.deepEqual(lines.map((l) => [l.resource_id, l.usage_value, l.partner_id, l.spec_code]).sort(), [
      ['vm-sep-b', '0.25', w.distributor.id, 's6.small.1.linux'],
      ['vm-sep\u001fa', '0.5', w.distributor.id, 's6.small.1.linux'],
    ].sort());
  });

  it('stores texts with tabs, newlines and backslashes exactly, and lands the new records of a batch whose others are stored', async () => {
    // PostgreSQL writes records and lines with COPY (escaped text), and falls back to
    // `on conflict do nothing` when a record of the batch is stored already.
    clock.set(new Date('2026-05-22T06:10:00Z'));
    const hour = new Date('2026-05-22T04:00:00Z');
    const odd = ['vm-tab\ta', 'vm-nl\nb', 'vm-bs\\c\\N', 'vm-cr\rd'];
    const first = odd.map((id) => vmHour(w.customer.id, id, hour, '0.5'));
    assert.equal((await ingestUsage(deps, { source: 'copy', records: first.slice(0, 2) })).accepted, 2);
    const mixed = await ingestUsage(deps, { source: 'copy', records: first });
    assert.deepEqual([mixed.accepted, mixed.duplicate, mixed.rejected], [2, 2, 0]);
    const stored = await deps.db.kysely.selectFrom('usage_records').select(['resource_id', 'usage_value']).where('source', '=', 'copy').execute();
    assert.deepEqual(stored.map((r) => r.resource_id).sort(), [...odd].sort());
    assert.ok((await rateAllDue(deps)).records >= 4);
    const lines = await deps.db.kysely.selectFrom('usage_rated_lines').select(['resource_id', 'usage_value']).where('resource_id', 'in', odd).execute();
    assert.deepEqual(lines.map((l) => [l.resource_id, l.usage_value]).sort(), odd.map((id) => [id, '0.5']).sort());
    const bills = await deps.db.kysely.selectFrom('bill_records').select('resource_id').where('resource_id', 'in', odd).execute();
    assert.equal(bills.length, 4);
  });

  it('bills 95th-percentile bandwidth at the month close, prorated by reported days', async () => {
    // June 2026 (UTC+8): points every 5 minutes for 10 days; one spike hour is dropped by the 95th percentile.
    const start = Date.parse('2026-05-31T16:00:00Z');
    for (let day = 0; day < 10; day++) {
      const recs: unknown[] = [];
      for (let i = 0; i < 288; i++) {
        const at = new Date(start + day * 86_400_000 + i * 300_000);
        recs.push(bandwidthPoint(w.customer2.id, 'cdn-bw', at, day === 3 && i < 12 ? '900' : i % 2 ? '10' : '8'));
      }
      clock.set(new Date(start + (day + 1) * 86_400_000));
      assert.equal((await ingestUsage(deps, { source: 'bw', records: recs })).accepted, 288);
    }
    clock.set(new Date(Date.parse('2026-06-30T16:00:00Z') + 80 * HOUR));
    const closed = await closeUsageMonth(deps, '2026-06');
    assert.equal(closed.p95Lines, 1);
    const line = await deps.db.kysely.selectFrom('usage_rated_lines').selectAll().where('resource_id', '=', 'cdn-bw').executeTakeFirstOrThrow();
    // 2880 points, 144 dropped (the 12 spikes and 132 of the 10s): 10 Mbps × 20 yuan × 10/30 days = 66.666666666...
    assert.equal(line.usage_value, '10');
    assert.equal(line.kind, 'p95');
    assert.equal(BigInt(line.official_e8), 6_666_666_666n);
    const bill = await deps.db.kysely.selectFrom('bill_records').selectAll().where('id', '=', line.bill_record_id).executeTakeFirstOrThrow();
    assert.deepEqual([bill.bill_type, bill.charge_mode, bill.period_type, bill.bill_cycle], [5, 3, 20, '2026-06']);
  });

  it('books debt as arrears, freezes on-demand resources after the grace period, and thaws when paid', async () => {
    const w2 = await createWorld(t.deps);
    const c = w2.providerCustomer;
    clock.set(new Date('2026-07-02T02:10:00Z'));
    await ingestUsage(deps, { source: 'debt', records: [vmHour(c.id, 'vm-debt', new Date('2026-07-02T00:00:00Z'), '100')] });
    await rateAllDue(deps);
    const owed = await arrearsFromLedger(deps.db.kysely, c.id);
    assert.ok(owed > 0n);
    await collectArrears(deps, { graceMs: 24 * HOUR });
    assert.deepEqual(await listFrozenResources(deps.db.kysely, c.id), []);
    clock.set(new Date('2026-07-03T03:00:00Z'));
    assert.equal((await collectArrears(deps, { graceMs: 24 * HOUR })).frozenCustomers, 1);
    assert.ok((await listFrozenResources(deps.db.kysely, c.id)).includes('vm-debt'));
    await topUp(t.deps, w2.provider, owed + 100n);
    await allocateToCustomer(t.deps, callerOf(w2.provider), { customerId: c.id, amount: owed + 100n });
    const repaid = await collectArrears(deps, { graceMs: 24 * HOUR });
    assert.equal(repaid.repaid, owed);
    assert.equal(await arrearsFromLedger(deps.db.kysely, c.id), 0n);
    assert.deepEqual(await listFrozenResources(deps.db.kysely, c.id), []);
  });

  it('two rating workers in their own processes racing, and one SIGKILLed mid-transaction: every record rated exactly once', async () => {
    const c = w.customer;
    clock.set(new Date('2026-07-10T12:10:00Z'));
    const recs: unknown[] = [];
    for (let r = 0; r < 40; r++) for (let h = 0; h < 10; h++) recs.push(vmHour(c.id, `vm-race-${r}`, new Date(Date.parse('2026-07-10T00:00:00Z') + h * HOUR)));
    assert.equal((await ingestUsage(deps, { source: 'race', records: recs })).accepted, 400);
    const money = await funds(deps, c.id);
    const args = [t.testDb.url, t.testDb.schema ?? '-', clock.now().toISOString()];
    const worker = ['--import', 'tsx', 'test/usage/rate-worker.ts'];
    // A worker killed inside its transaction (after writing everything) leaves nothing behind.
    const hung = spawn(process.execPath, [...worker, ...args, '50'], { env: { ...process.env, HANG: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      hung.stdout.on('data', (d: Buffer) => d.toString().includes('HANG') && resolve());
      hung.on('exit', (code) => reject(new Error(`worker exited ${code} before hanging`)));
    });
    hung.kill('SIGKILL');
    await new Promise((r) => hung.once('exit', r));
    assert.equal((await deps.db.kysely.selectFrom('usage_rated_lines').select('id').where('resource_id', 'like', 'vm-race-%').execute()).length, 0);
    const results = await Promise.all([run(process.execPath, [...worker, ...args, '37']), run(process.execPath, [...worker, ...args, '23'])]);
    const counts = results.map((r) => (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { records: number }).records);
    assert.equal(counts[0]! + counts[1]!, 400, `workers rated ${counts.join(' + ')}`);
    const lines = await deps.db.kysely.selectFrom('usage_rated_lines').select(['consume_amount', 'record_count']).where('resource_id', 'like', 'vm-race-%').execute();
    assert.equal(lines.length, 400);
    const charged = lines.reduce((a, l) => a + BigInt(l.consume_amount), 0n);
    assert.equal(money - (await funds(deps, c.id)), charged);
  });
});
