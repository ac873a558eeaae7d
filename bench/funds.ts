/**
 * Funds throughput: signed update_customer_account_amount calls (demo-distributor funds
 * demo-resale-customer 0.01 yuan, each with its own X-Idempotency-Key) over HTTP from many
 * concurrent keep-alive connections for a fixed time, with p50/p99 latency; beside it, measured in
 * the same run on the same database, the raw commit rate (BEGIN; UPDATE one row; COMMIT in a loop
 * through the same Kysely driver stack) and the ratio between the two.
 *
 *   npm run bench:funds [-- --seconds 10 --connections 64 --dialect both|sqlite|postgres]
 *       [--pg-url postgres://postgres@127.0.0.1:5432/test] [--log-level info] [--cpu-prof DIR]
 *       [--workers auto|N]   (the server's WORKERS: server processes sharing the port; auto, the
 *       default, is one per CPU, as a deployment that wants the throughput runs it)
 *
 * The server runs as a child process (`node --import tsx src/main.ts serve`, exactly as deployed,
 * LOG_LEVEL info unless told otherwise); this process only generates load, with requests signed in
 * advance (SDK-HMAC-SHA256, the official signer's canonicalisation, checked against AKSKSigner and
 * by one accepted request before the run). Its own CPU use is printed, so that a client starving the
 * server on a small machine shows. PostgreSQL runs in a fresh schema (DATABASE_SCHEMA), dropped after.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db } from '../src/platform/db/database.ts';
import { verifyLedger } from '../src/modules/ledger/index.ts';
import { demoActor } from '../src/modules/sandbox/index.ts';
import { OPERATIONS } from '../src/contract/generated/operations.ts';
import { childrenOf, startServerProcess, type ServerProcess } from '../test/support/server-process.ts';
import { checkAgainstOfficialSigner, sdkDate, signRequest, type SignedRequest } from './aksk-sign.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    dialect: { type: 'string', default: 'both' },
    'pg-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'raw-seconds': { type: 'string', default: '5' },
    'log-level': { type: 'string', default: 'info' },
    'cpu-prof': { type: 'string' },
    warmup: { type: 'string', default: '2' },
    workers: { type: 'string', default: 'auto' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const RAW_SECONDS = Number(values['raw-seconds']);
const WARMUP_SECONDS = Number(values.warmup);
/** The server's WORKERS: server processes sharing the port. */
const WORKERS = values.workers!;
/** The server's PostgreSQL pool (openDatabase's default); the raw loop uses as many connections. */
const PG_POOL = 10;

const distributor = demoActor('distributor');
const customer = demoActor('resale_customer');
const creds = { access: distributor.access, secret: distributor.secret };
const OP = OPERATIONS.update_customer_account_amount;
const BODY = JSON.stringify({ customer_id: customer.accountId, amount: 0.01 });

interface HttpResult {
  seconds: number;
  ok: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  clientCpu: number;
  serverCpu: number | null;
  /** The server's main threads alone (the event loops; summed over its processes), in cores. */
  serverMainCpu: number | null;
}

interface RawResult {
  perSecond: number;
  connections: number;
  sequentialPerSecond: number;
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/**
 * Seconds of CPU a process (or, with `thread`, one of its threads) has used (utime + stime), from
 * /proc; null where there is none. The main thread's figure is the JavaScript event loop's.
 */
function cpuSecondsOf(pid: number, thread?: number): number | null {
  try {
    const file = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = fs.readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The server's processes: the one started and, with WORKERS > 1, its cluster workers. */
const serverPids = (root: number): number[] => [root, ...childrenOf(root)];

const sumOf = (values: Array<number | null>): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0));

/** A stream of signed requests, each with its own idempotency key; signing happens in batches. */
function requestSource(host: string, runId: string) {
  let n = 0;
  const sign = (): SignedRequest =>
    signRequest(creds, {
      method: 'POST',
      host,
      path: OP.path,
      headers: { 'Content-Type': 'application/json', 'X-Domain-Id': distributor.accountId, 'X-Idempotency-Key': `${runId}-${n++}` },
      body: BODY,
      date: sdkDate(new Date()),
    });
  const queue: Buffer[] = [];
  return {
    sign,
    /** Signs `count` requests ahead (before the timed run, so that signing costs it nothing). */
    prepare(count: number) {
      for (let i = 0; i < count; i++) queue.push(wireBytes(sign()));
    },
    next: (): Buffer => queue.pop() ?? wireBytes(sign()),
  };
}

function send(agent: http.Agent, url: URL, req: SignedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      { agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers: { ...req.headers, 'Content-Length': Buffer.byteLength(req.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** A signed request as the bytes of an HTTP/1.1 keep-alive request. */
function wireBytes(req: SignedRequest): Buffer {
  const headers = { ...req.headers, 'Content-Length': String(Buffer.byteLength(req.body)), Connection: 'keep-alive' };
  const head = `${req.method} ${req.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(req.body, 'utf8')]);
}

/**
 * One keep-alive connection that sends one request at a time and reads its response by its
 * Content-Length, as a load generator (wrk, autocannon) does: Node's http client costs the bench
 * about as much CPU per request as the server's whole HTTP layer, and on two cores that CPU is
 * taken from the server. The server answers JSON with Content-Length and no chunking.
 */
class RawConnection {
  #socket: net.Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiting: { resolve(r: { status: number; body: string }): void; reject(e: unknown): void } | null = null;
  readonly ready: Promise<void>;

  constructor(url: URL) {
    this.#socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.#socket.once('connect', () => resolve());
      this.#socket.once('error', reject);
    });
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#parse();
    });
    this.#socket.on('error', (e) => this.#waiting?.reject(e));
    this.#socket.on('close', () => this.#waiting?.reject(new Error('connection closed')));
  }

  #parse(): void {
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.#waiting) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 'NaN');
    if (!Number.isFinite(length)) return this.#waiting.reject(new Error(`a response without Content-Length: ${head.slice(0, 200)}`));
    if (this.#buffer.length < end + 4 + length) return;
    const body = this.#buffer.toString('utf8', end + 4, end + 4 + length);
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting.resolve({ status: Number(head.slice(9, 12)), body });
  }

  send(bytes: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(bytes);
    });
  }

  close(): void {
    this.#socket.destroy();
  }
}

async function drive(server: ServerProcess, seconds: number, source: ReturnType<typeof requestSource>, record: boolean): Promise<HttpResult> {
  const url = new URL(server.url);
  const connections = Array.from({ length: CONNECTIONS }, () => new RawConnection(url));
  await Promise.all(connections.map((c) => c.ready));
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let firstError = '';
  const cpu0 = process.cpuUsage();
  const pids = serverPids(server.pid);
  const server0 = sumOf(pids.map((p) => cpuSecondsOf(p)));
  const main0 = sumOf(pids.map((p) => cpuSecondsOf(p, p)));
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < deadline) {
        const bytes = source.next();
        const t0 = performance.now();
        try {
          const res = await connection.send(bytes);
          if (res.status === 200) ok++;
          else {
            errors++;
            firstError ||= `${res.status} ${res.body.slice(0, 200)}`;
          }
        } catch (e) {
          errors++;
          firstError ||= String(e);
        }
        if (record) latencies.push(performance.now() - t0);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = sumOf(pids.map((p) => cpuSecondsOf(p)));
  const main1 = sumOf(pids.map((p) => cpuSecondsOf(p, p)));
  for (const c of connections) c.close();
  if (firstError) console.log(`  first error: ${firstError}`);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;
  return {
    seconds: wall,
    ok,
    errors,
    perSecond: ok / wall,
    p50: pct(50),
    p99: pct(99),
    max: latencies.at(-1) ?? NaN,
    clientCpu: (cpu.user + cpu.system) / 1e6 / wall,
    serverCpu: server0 !== null && server1 !== null ? (server1 - server0) / wall : null,
    serverMainCpu: main0 !== null && main1 !== null ? (main1 - main0) / wall : null,
  };
}

/** BEGIN; UPDATE one row; COMMIT, in a loop through openDatabase's Kysely stack: `loops` at once, one row each. */
async function rawCommitRate(db: Db, loops: number, seconds: number): Promise<number> {
  await sql`create table if not exists bench_commit (id integer primary key, n bigint not null)`.execute(db.kysely);
  for (let i = 0; i < loops; i++) {
    await sql`insert into bench_commit (id, n) values (${i}, 0) on conflict (id) do nothing`.execute(db.kysely);
  }
  let commits = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: loops }, async (_, i) => {
      while (performance.now() < deadline) {
        await db.kysely.transaction().execute(async (trx) => {
          await sql`update bench_commit set n = n + 1 where id = ${i}`.execute(trx);
        });
        commits++;
      }
    }),
  );
  return commits / ((performance.now() - started) / 1000);
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<{ dialect: string; http: HttpResult; raw: RawResult; entries: number; settings: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-bench-'));
  const schema = dialect === 'postgres' ? `bench_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl = dialect === 'postgres' ? values['pg-url']! : `sqlite://${path.join(dataDir, 'bench.sqlite')}`;
  const nodeFlags = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof'], dialect)] : [];
  const server = await startServerProcess({ dataDir, databaseUrl, databaseSchema: schema, logLevel: values['log-level'], nodeFlags, env: { WORKERS } });
  try {
    const host = new URL(server.url).host;
    const headers = { 'Content-Type': 'application/json', 'X-Domain-Id': distributor.accountId, 'X-Idempotency-Key': 'signer-check' };
    checkAgainstOfficialSigner(creds, server.url, OP.path, headers, JSON.parse(BODY));
    const source = requestSource(host, `bench-${randomBytes(4).toString('hex')}`);
    const probe = await send(new http.Agent(), new URL(server.url), source.sign());
    if (probe.status !== 200 || !/"transfer_id"/.test(probe.body)) throw new Error(`a precomputed request was refused: ${probe.status} ${probe.body}`);

    source.prepare(Math.min(400_000, 20_000 * (SECONDS + WARMUP_SECONDS)));
    if (WARMUP_SECONDS > 0) await drive(server, WARMUP_SECONDS, source, false);
    console.log(`  ${dialect}: load ${loadavg()} before the run`);
    const result = await drive(server, SECONDS, source, true);
    console.log(`  ${dialect}: load ${loadavg()} after the run`);
    await server.stop();

    const db = await openDatabase(databaseUrl, { schema });
    try {
      const report = await verifyLedger(db.kysely);
      if (!report.ok) throw new Error(`the ledger does not reconcile after the run: ${report.problems.join('; ')}`);
      const entries = await db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string | number>().as('n')).where('kind', '=', 'allocate').executeTakeFirstOrThrow();
      const loops = dialect === 'sqlite' ? 1 : PG_POOL;
      const perSecond = await rawCommitRate(db, loops, RAW_SECONDS);
      const sequentialPerSecond = loops === 1 ? perSecond : await rawCommitRate(db, 1, Math.min(RAW_SECONDS, 3));
      const settings = dialect === 'sqlite' ? await sqliteSettings(db) : await pgSettings(db);
      return { dialect, http: result, raw: { perSecond, connections: loops, sequentialPerSecond }, entries: Number(entries.n), settings };
    } finally {
      await db.close();
      if (schema) await dropSchema(values['pg-url']!, schema);
    }
  } finally {
    await server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function sqliteSettings(db: Db): Promise<string> {
  const one = async (name: string) => Object.values((await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}()`.execute(db.kysely)).rows[0] ?? {})[0];
  // synchronous: 1 NORMAL, 2 FULL; the server sets it from SQLITE_SYNCHRONOUS as this connection did.
  const version = (await sql<{ v: string }>`select sqlite_version() as v`.execute(db.kysely)).rows[0]?.v;
  return `sqlite ${version}, journal_mode=${String(await one('journal_mode'))}, synchronous=${String(await one('synchronous'))}`;
}

async function pgSettings(db: Db): Promise<string> {
  const rows = await sql<{ name: string; setting: string }>`select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'commit_delay', 'server_version')`.execute(db.kysely);
  return rows.rows.map((r) => `${r.name}=${r.setting}`).join(', ');
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`).finally(() => client.end());
}

/**
 * How fast this machine runs the CPU work every request has (a SHA-256 of the body, an HMAC over a
 * canonical request, a JSON round trip), on one core, for a second: the sandbox machines differ
 * from one draw to the next by more than the raw commit loops show, and this tells them apart.
 */
function cpuProbe(ms = 1000): number {
  const canonical = `POST\n${OP.path}/\n\ncontent-type:application/json\nhost:127.0.0.1:3000\nx-sdk-date:20261121T000000Z\n\ncontent-type;host;x-sdk-date\n`;
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let i = 0; i < 100; i++) {
      const bodyHash = createHash('sha256').update(BODY).digest('hex');
      createHmac('sha256', creds.secret).update(canonical + bodyHash).digest('hex');
      JSON.stringify(JSON.parse(BODY));
    }
    n += 100;
  }
  return n / ((performance.now() - started) / 1000);
}

const dialects: Array<'sqlite' | 'postgres'> = values.dialect === 'both' ? ['sqlite', 'postgres'] : [values.dialect as 'sqlite' | 'postgres'];
console.log(`funds bench: ${CONNECTIONS} connections, ${SECONDS} s per dialect (+${WARMUP_SECONDS} s warm-up), server LOG_LEVEL=${values['log-level']} WORKERS=${WORKERS}`);
const probe = cpuProbe();
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load ${loadavg()}; cpu probe ${probe.toFixed(0)}/s (hash + HMAC + JSON of one request, one core)`);
const results = [];
for (const d of dialects) results.push(await benchDialect(d));

console.log(`\n${'database'.padEnd(10)} ${'alloc/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'raw commits/s'.padStart(14)} ${'ratio'.padStart(7)}  cpu: server (main thread) / client`);
for (const r of results) {
  const h = r.http;
  console.log(
    `${r.dialect.padEnd(10)} ${h.perSecond.toFixed(0).padStart(9)} ${h.p50.toFixed(2).padStart(8)} ${h.p99.toFixed(2).padStart(8)} ${String(h.errors).padStart(7)} ${r.raw.perSecond.toFixed(0).padStart(14)} ${(h.perSecond / r.raw.perSecond).toFixed(3).padStart(7)}  ${h.serverCpu?.toFixed(2) ?? '?'} (${h.serverMainCpu?.toFixed(2) ?? '?'}) / ${h.clientCpu.toFixed(2)}`,
  );
}
for (const r of results) {
  const overOne = r.raw.connections > 1 ? `, ${r.raw.sequentialPerSecond.toFixed(0)}/s over one (ratio ${(r.http.perSecond / r.raw.sequentialPerSecond).toFixed(3)})` : '';
  console.log(`  ${r.dialect}: raw commit loop over ${r.raw.connections} connection(s)${overOne}; ${r.entries} allocations in the journal, ledger verified; ${r.settings}`);
}
console.log(JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, loadavg: os.loadavg(), cpuProbePerSecond: probe, results }));
