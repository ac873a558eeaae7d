/**
 * Usage throughput: generates N usage records of one customer for one month (VM hours across
 * N/720 resources), ingests them (ingestUsage, 5,000 per call; only the calls are timed, not the
 * making of the records), rates them (rateAllDue, passes of the module's default size unless
 * --rate-batch), and
 * measures the p99 of a month's bill queries for that customer: the monthly sum (usage_cycle_sums)
 * and the first page of its bill records (bill_records by customer and cycle, 100 rows, index order).
 * Beside the figures, the raw insert rate of the same database (multi-row inserts into a scratch
 * table of the same width as usage_records) and the ratio, as bench/funds.ts does for commits.
 *
 * Besides wall-clock rates it prints the CPU seconds this process spent ingesting and rating (the
 * machine is shared: CPU time shows the work, wall time what a loaded machine made of it).
 *
 *   npm run bench:usage [-- --records 1000000 --dialect both|sqlite|postgres --pg-url ... --queries 200 --batch 5000 --rate-batch N]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { randomIds } from '../src/platform/ids.ts';
import { loadDefaultCatalog } from '../src/modules/catalog/index.ts';
import { createPartnerAccount } from '../src/modules/partners/index.ts';
import { createCustomerAccount } from '../src/modules/identity/index.ts';
import { BalanceType, postEntry } from '../src/modules/ledger/index.ts';
import { ingestUsage, rateAllDue } from '../src/modules/usage/index.ts';
import type { Deps } from '../src/platform/deps.ts';
import { pino } from 'pino';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    dialect: { type: 'string', default: 'both' },
    'pg-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    queries: { type: 'string', default: '200' },
    batch: { type: 'string', default: '5000' },
    'rate-batch': { type: 'string' },
  },
});
const N = Number(values.records);
const BATCH = Number(values.batch);
const CYCLE = '2026-04';
const START = Date.parse('2026-03-31T16:00:00Z');
const HOURS = 720;

function record(customerId: string, i: number) {
  // Meters report hour by hour: the records of one hour (one per resource) come together.
  const resources = Math.ceil(N / HOURS);
  const hour = Math.floor(i / resources);
  const resource = i % resources;
  const begin = new Date(START + hour * 3_600_000);
  return {
    record_id: `b-${i}`,
    customer_id: customerId,
    resource_id: `vm-${resource}`,
    service_type_code: 'hws.service.type.ec2',
    resource_type_code: 'hws.resource.type.vm',
    spec_code: i % 3 === 0 ? 's6.small.1.linux' : 's6.medium.2.linux',
    region_code: 'cn-north-4',
    usage_type: 'Duration',
    usage_value: i % 7 === 0 ? '0.5' : '1',
    usage_measure_id: 4,
    begin_time: begin.toISOString(),
    end_time: new Date(begin.getTime() + 3_600_000).toISOString(),
  };
}

async function setup(db: Db): Promise<{ deps: Deps; customerId: string }> {
  await migrateToLatest(db);
  const clock = new ManualClock(new Date(START + (HOURS + 1) * 3_600_000));
  const deps = { db, clock, wallClock: clock, ids: randomIds, log: pino({ level: 'silent' }) } as unknown as Deps;
  await loadDefaultCatalog(deps);
  const partner = await createPartnerAccount(deps, { name: `bench-p-${randomBytes(3).toString('hex')}`, partnerType: 'distributor', parentId: null });
  const customer = await createCustomerAccount(deps, { name: `bench-c-${randomBytes(3).toString('hex')}`, partnerId: partner.id, associationType: 2 });
  // Credit enough for the month (no partner funds needed for a benchmark).
  await db.kysely.transaction().execute((trx) =>
    postEntry(trx, {
      kind: 'bench_credit',
      ref: `BENCH${randomBytes(6).toString('hex')}`,
      initiatorId: 'bench',
      at: clock.now().toISOString(),
      postings: [
        { account: { ownerId: 'system:credit-issued', balanceType: BalanceType.credit }, amount: -10_000_000_000n },
        { account: { ownerId: customer.id, balanceType: BalanceType.credit }, amount: 10_000_000_000n },
      ],
    }),
  );
  return { deps, customerId: customer.id };
}

async function rawInsertRate(db: Db): Promise<number> {
  await sql`create table bench_raw (id integer primary key, a varchar(64), b varchar(64), c varchar(64), d varchar(64), e varchar(64), f varchar(64), g varchar(64), h varchar(64), i varchar(48), j integer, k varchar(32), l varchar(32), m varchar(32), n varchar(7), o varchar(32), p integer)`.execute(db.kysely);
  const rows = 100_000;
  const started = performance.now();
  for (let off = 0; off < rows; off += 400) {
    await db.kysely.transaction().execute(async (trx) => {
      const values = Array.from({ length: 400 }, (_, k) => sql`(${off + k}, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '1', 4, 'x', 'y', 'z', '2026-04', 'w', 0)`);
      await sql`insert into bench_raw values ${sql.join(values)}`.execute(trx);
    });
  }
  const rate = rows / ((performance.now() - started) / 1000);
  await sql`drop table bench_raw`.execute(db.kysely);
  return rate;
}

function p99(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
}

async function benchOne(dialect: 'sqlite' | 'postgres'): Promise<void> {
  let db: Db;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-bench-usage-'));
    db = await openDatabase(`sqlite://${path.join(dir, 'bench.sqlite')}`);
    cleanup = async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const schema = `bench_usage_${randomBytes(4).toString('hex')}`;
    db = await openDatabase(values['pg-url'], { schema });
    cleanup = async () => {
      await db.close();
      const c = new pg.Client({ connectionString: values['pg-url'] });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  }
  try {
    const { deps, customerId } = await setup(db);
    const raw = await rawInsertRate(db);
    // Only the ingestion calls are timed, not the making of the records they are given.
    let ingestMs = 0;
    let ingestCpuUs = 0;
    let accepted = 0;
    for (let off = 0; off < N; off += BATCH) {
      const records = Array.from({ length: Math.min(BATCH, N - off) }, (_, k) => record(customerId, off + k));
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await ingestUsage(deps, { source: 'bench', records, lateWindowMs: 60 * 86_400_000 });
      ingestMs += performance.now() - t0;
      const c = process.cpuUsage(c0);
      ingestCpuUs += c.user + c.system;
      if (r.rejected) throw new Error(`rejected: ${JSON.stringify(r.rejections[0])}`);
      accepted += r.accepted;
    }
    const ingestS = ingestMs / 1000;
    const started = performance.now();
    const rateCpu0 = process.cpuUsage();
    // Rating passes claim the module's default number of records unless --rate-batch says otherwise.
    const rated = await rateAllDue(deps, values['rate-batch'] ? { limit: Number(values['rate-batch']) } : {});
    const rateS = (performance.now() - started) / 1000;
    const rateCpu = process.cpuUsage(rateCpu0);
    if (rated.records !== accepted) throw new Error(`rated ${rated.records} of ${accepted}`);
    const q = Number(values.queries);
    const sums: number[] = [];
    const pages: number[] = [];
    for (let i = 0; i < q; i++) {
      let t0 = performance.now();
      await db.kysely
        .selectFrom('usage_cycle_sums')
        .select(['service_type_code', 'resource_type_code', 'region_code', sql<string>`sum(official_amount)`.as('official'), sql<string>`sum(consume_amount)`.as('consume'), sql<string>`sum(debt_amount)`.as('debt')])
        .where('customer_id', '=', customerId)
        .where('bill_cycle', '=', CYCLE)
        .groupBy(['service_type_code', 'resource_type_code', 'region_code'])
        .execute();
      sums.push(performance.now() - t0);
      t0 = performance.now();
      await db.kysely.selectFrom('bill_records').selectAll().where('customer_id', '=', customerId).where('bill_cycle', '=', CYCLE).limit(100).execute();
      pages.push(performance.now() - t0);
    }
    const total = ingestS + rateS;
    const line = {
      dialect,
      records: accepted,
      ingest_per_s: Math.round(accepted / ingestS),
      rate_per_s: Math.round(accepted / rateS),
      ingest_and_rate_per_s: Math.round(accepted / total),
      month_sum_p99_ms: Number(p99(sums).toFixed(2)),
      month_page_p99_ms: Number(p99(pages).toFixed(2)),
      raw_insert_rows_per_s: Math.round(raw),
      ratio_ingest_rate_to_raw_insert: Number((accepted / total / raw).toFixed(3)),
      // CPU seconds of this process (all its threads; not the PostgreSQL server's) while ingesting and rating.
      ingest_cpu_s: Number((ingestCpuUs / 1e6).toFixed(1)),
      rate_cpu_s: Number(((rateCpu.user + rateCpu.system) / 1e6).toFixed(1)),
      loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
      cpus: os.cpus().length,
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  } finally {
    await cleanup();
  }
}

const dialects = values.dialect === 'both' ? (['sqlite', 'postgres'] as const) : [values.dialect as 'sqlite' | 'postgres'];
for (const d of dialects) await benchOne(d);
