import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { OPERATIONS } from '../../src/contract/generated/operations.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { DIALECT, TEST_DATABASE_URL } from '../support/db.ts';
import { credsOf, type Credentials } from '../support/sdk.ts';
import { serverWorkersOf, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { signJson } from '../funds/raw-call.ts';

/**
 * A signed call on a connection of its own (no keep-alive): the cluster's primary hands each new
 * connection to the next server process, so consecutive calls reach every process in turn.
 */
function freshCall(baseUrl: string, creds: Credentials, req: { method: string; path: string; body?: unknown; headers?: Record<string, string> }) {
  const signed = signJson(baseUrl, creds, req);
  const url = new URL(`${baseUrl}${req.path}`);
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const r = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: req.method, headers: signed.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    r.on('error', reject);
    r.end(signed.body);
  });
}

/**
 * Notices between the processes travel through the primary, beside the connections it hands out:
 * a notice sent just before a response may still be on its way when the test's next connection
 * arrives. A moment's wait, far below the periodic re-read (1 s) or the key cache's lifetime (5 s).
 */
const noticesSettle = () => new Promise((r) => setTimeout(r, 50));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe(`serve --workers 2: server processes sharing one port and one database (${DIALECT})`, { timeout: 180_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-cluster-'));
  const schema = TEST_DATABASE_URL ? `cluster_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl = TEST_DATABASE_URL ?? `sqlite://${path.join(dataDir, 'cluster.sqlite')}`;
  const distributor = credsOf(demoActor('distributor'));
  const operator = credsOf(demoActor('operator'));
  const customer = demoActor('resale_customer');
  let server: ServerProcess;

  before(async () => {
    server = await startServerProcess({ dataDir, databaseUrl, databaseSchema: schema, env: { WORKERS: '2' } });
  });

  after(async () => {
    await server?.kill();
    if (schema) {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`).finally(() => client.end());
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one banner once both processes listen, and runs two', async () => {
    const log = fs.readFileSync(server.logFile, 'utf8');
    assert.equal(log.match(/listening on/g)?.length, 1, log);
    assert.match(log, /2 server processes/);
    assert.equal(serverWorkersOf(server.pid).length, 2);
  });

  it('moves money from both processes at once: every allocation acknowledged once, the ledger reconciles', async () => {
    const op = OPERATIONS.update_customer_account_amount;
    const run = randomBytes(4).toString('hex');
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        freshCall(server.url, distributor, { method: 'POST', path: op.path, body: { customer_id: customer.accountId, amount: 0.01 }, headers: { 'X-Idempotency-Key': `${run}-${i}` } }),
      ),
    );
    assert.deepEqual(
      results.filter((r) => r.status !== 200),
      [],
    );
    const refs = new Set(results.map((r) => String(r.json.transfer_id)));
    assert.equal(refs.size, 120);
    // A retry of every key, again spread over both processes, moves nothing and answers the same id.
    const retries = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        freshCall(server.url, distributor, { method: 'POST', path: op.path, body: { customer_id: customer.accountId, amount: 0.01 }, headers: { 'X-Idempotency-Key': `${run}-${i}` } }),
      ),
    );
    assert.deepEqual(retries.map((r) => String(r.json.transfer_id)), results.map((r) => String(r.json.transfer_id)));

    const db = await openDatabase(databaseUrl, { schema });
    try {
      const report = await verifyLedger(db.kysely);
      assert.equal(report.ok, true, report.problems.join('\n'));
      const entries = await db.kysely.selectFrom('ledger_entries').select('ref').where('ref', 'in', [...refs]).execute();
      assert.equal(entries.length, 120);
    } finally {
      await db.close();
    }
  });

  it('a sandbox clock moved through one process is the clock of the other at once', async () => {
    const before = await freshCall(server.url, operator, { method: 'GET', path: '/operator/v1/clock' });
    assert.equal(before.status, 200);
    const target = new Date(Date.parse(String(before.json.now)) + 40 * 86400_000).toISOString();
    const set = await freshCall(server.url, operator, { method: 'PUT', path: '/operator/v1/clock', body: { now: target } });
    assert.equal(set.status, 200, JSON.stringify(set.json));
    await noticesSettle();
    // Consecutive connections alternate between the processes; each must already see the new time
    // (the periodic re-read of the database would take up to a second).
    for (let i = 0; i < 6; i++) {
      const read = await freshCall(server.url, operator, { method: 'GET', path: '/operator/v1/clock' });
      const seen = Date.parse(String(read.json.now));
      assert.ok(seen >= Date.parse(target) && seen < Date.parse(target) + 60_000, `read ${i}: ${String(read.json.now)} is not ${target}`);
    }
  });

  it('counts signature failures across processes: the sixth in a row locks the key in every one', async () => {
    const issued = await freshCall(server.url, operator, { method: 'POST', path: `/operator/v1/accounts/${distributor.domainId}/access-keys`, body: { description: 'lockout' } });
    assert.equal(issued.status, 201);
    const key: Credentials = { access: String(issued.json.access), secret: String(issued.json.secret), domainId: distributor.domainId };
    const list = (creds: Credentials) => freshCall(server.url, creds, { method: 'POST', path: '/v2/partners/indirect-partners/query', body: { limit: 1 } });
    assert.equal((await list(key)).status, 200);
    // Six bad signatures on six connections, so three reach each process (the secret's last
    // character changed: to another one than it is).
    const wrong = `${key.secret.slice(0, -1)}${key.secret.endsWith('x') ? 'y' : 'x'}`;
    for (let i = 0; i < 6; i++) assert.equal((await list({ ...key, secret: wrong })).status, 401);
    await noticesSettle();
    for (let i = 0; i < 4; i++) {
      const locked = await list(key);
      assert.equal(locked.status, 401, `call ${i} with the right secret after six failures`);
      assert.match(String(locked.json.error_msg), /reach the limit/);
    }
  });

  it('a key revoked through one process stops working in the other at once', async () => {
    const issued = await freshCall(server.url, operator, { method: 'POST', path: `/operator/v1/accounts/${distributor.domainId}/access-keys`, body: { description: 'revoke' } });
    const key: Credentials = { access: String(issued.json.access), secret: String(issued.json.secret), domainId: distributor.domainId };
    const list = () => freshCall(server.url, key, { method: 'POST', path: '/v2/partners/indirect-partners/query', body: { limit: 1 } });
    // Both processes use (and cache) the key.
    for (let i = 0; i < 4; i++) assert.equal((await list()).status, 200);
    assert.equal((await freshCall(server.url, operator, { method: 'DELETE', path: `/operator/v1/access-keys/${key.access}` })).status, 204);
    await noticesSettle();
    for (let i = 0; i < 4; i++) assert.equal((await list()).status, 401, `call ${i} after the revocation`);
  });

  it('replaces a server process that dies, and keeps serving', async () => {
    const [victim] = serverWorkersOf(server.pid);
    process.kill(victim!, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    let workers: number[] = [];
    while (Date.now() < deadline) {
      workers = serverWorkersOf(server.pid).filter((p) => p !== victim && alive(p));
      if (workers.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(workers.length, 2, 'a second server process again');
    // The new process listens a moment after it is forked.
    const until = Date.now() + 30_000;
    let ok = 0;
    while (ok < 6 && Date.now() < until) {
      const r = await freshCall(server.url, operator, { method: 'GET', path: '/operator/v1/clock' }).catch(() => null);
      ok = r?.status === 200 ? ok + 1 : 0;
    }
    assert.equal(ok, 6);
  });

  it('stops on SIGTERM: every process drains and exits', async () => {
    const workers = serverWorkersOf(server.pid);
    assert.equal(await server.stop(), '0');
    for (const p of workers) {
      const until = Date.now() + 10_000;
      while (alive(p) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.equal(alive(p), false, `server process ${p} still running`);
    }
  });
});
