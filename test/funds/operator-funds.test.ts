import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, signedFetch } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { demoActor, seedDemo } from '../../src/modules/sandbox/index.ts';
import { cashOf, createWorld, type World } from './factories.ts';

const operator = credsOf(demoActor('operator'));
const root = path.resolve(import.meta.dirname, '../..');

describe(`operator plane and CLI: money entering the platform (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const call = (method: string, p: string, body?: unknown, creds = operator) =>
    signedFetch(t.url, creds, { method, path: p, ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body } : {}) });

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
  });
  after(async () => t.close());

  it('the demo partners start with a top-up, and seeding again tops up nothing more', async () => {
    for (const key of ['distributor', 'solution_provider']) {
      const res = await bssClient(t.url, credsOf(demoActor(key))).call('list_partner_balances');
      assert.equal((res.body.account_balances as Array<{ account_type: number; amount: number }>).find((b) => b.account_type === 1)!.amount, 1_000_000);
    }
    await seedDemo(t.deps);
    await seedDemo(t.deps);
    const list = await call('GET', `/operator/v1/partners/${demoActor('distributor').accountId}/top-ups`);
    assert.equal((list.body.top_ups as unknown[]).length, 1);
    assert.equal(await cashOf(t.deps, demoActor('distributor').accountId), 100_000_000n);
  });

  it('records top-ups (optionally earmarked) and lists them newest first', async () => {
    const first = await call('POST', `/operator/v1/partners/${w.distributor.id}/top-ups`, { amount: 1000.5, memo: 'bank ref 1' });
    assert.equal(first.status, 201);
    assert.match(String(first.body.id), /^TU/);
    assert.deepEqual({ ...first.body, id: undefined, created_at: undefined }, { id: undefined, created_at: undefined, partner_id: w.distributor.id, amount: 1000.5, designated_amount: 0, memo: 'bank ref 1' });
    const second = await call('POST', `/operator/v1/partners/${w.distributor.id}/top-ups`, { amount: 200, designated_amount: 50 });
    assert.equal(second.status, 201);
    const list = await call('GET', `/operator/v1/partners/${w.distributor.id}/top-ups`);
    assert.deepEqual((list.body.top_ups as Array<{ id: string }>).map((x) => x.id), [second.body.id, first.body.id]);
    const b = await bssClient(t.url, w.distributor.creds!).call('list_partner_balances');
    const cash = (b.body.account_balances as Array<Record<string, unknown>>).find((x) => x.account_type === 1)!;
    assert.equal(cash.amount, 1200.5);
    assert.equal(cash.designated_amount, 50);
  });

  it('grants credit lines: the credit balance and the total line grow', async () => {
    assert.equal((await call('POST', `/operator/v1/partners/${w.provider.id}/credit-lines`, { amount: 300 })).status, 201);
    assert.equal((await call('POST', `/operator/v1/partners/${w.provider.id}/credit-lines`, { amount: 200.25, memo: 'raise' })).status, 201);
    const list = await call('GET', `/operator/v1/partners/${w.provider.id}/credit-lines`);
    assert.deepEqual((list.body.credit_lines as Array<{ amount: number }>).map((x) => x.amount), [200.25, 300]);
    const b = await bssClient(t.url, w.provider.creds!).call('list_partner_balances');
    const credit = (b.body.account_balances as Array<Record<string, unknown>>).find((x) => x.account_type === 2)!;
    assert.equal(credit.amount, 500.25);
    assert.equal(credit.credit_amount, 500.25);
  });

  it('refuses bad amounts, unknown partners and callers other than the operator', async () => {
    for (const body of [{ amount: 0 }, { amount: -5 }, { amount: 1.001 }, { amount: '5' }, {}]) {
      const r = await call('POST', `/operator/v1/partners/${w.distributor.id}/top-ups`, body);
      assert.equal(r.status, 400);
      assert.equal(r.body.error_code, 'CBC.0100');
    }
    const over = await call('POST', `/operator/v1/partners/${w.distributor.id}/top-ups`, { amount: 5, designated_amount: 6 });
    assert.equal(over.body.error_code, 'PBSS.0400');
    const nobody = await call('POST', `/operator/v1/partners/${'0'.repeat(32)}/top-ups`, { amount: 5 });
    assert.equal(nobody.status, 404);
    const customer = await call('POST', `/operator/v1/partners/${w.customer.id}/credit-lines`, { amount: 5 });
    assert.equal(customer.status, 404);
    const partner = await call('POST', `/operator/v1/partners/${w.distributor.id}/top-ups`, { amount: 5 }, w.distributor.creds!);
    assert.equal(partner.status, 403);
    assert.equal(partner.body.error_code, 'CBC.0151');
    const verify = await call('GET', '/operator/v1/ledger/verify');
    assert.equal(verify.status, 200);
    assert.equal(verify.body.ok, true);
  });

  describe('the CLI on the same database', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-funds-cli-'));
    after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const cli = (...args: string[]) => {
      const { url, schema } = t.testDb;
      const databaseUrl = schema ? `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` : url;
      return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    };

    it('tops up once per idempotency key, refuses inexact amounts, and verifies the ledger', () => {
      const args = ['funds', 'top-up', '--partner-id', w.otherDistributor.id, '--amount', '12.34', '--idempotency-key', 'cli-1'];
      const a = cli(...args);
      assert.equal(a.status, 0, a.stderr);
      const b = cli(...args);
      assert.equal(b.status, 0, b.stderr);
      assert.equal(JSON.parse(a.stdout).id, JSON.parse(b.stdout).id);
      const bad = cli('funds', 'top-up', '--partner-id', w.otherDistributor.id, '--amount', '1.001');
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /CBC\.0100/);
      const list = cli('funds', 'top-ups', '--partner-id', w.otherDistributor.id);
      assert.equal(JSON.parse(list.stdout).length, 1);
      const verify = cli('ledger', 'verify');
      assert.equal(verify.status, 0, verify.stderr + verify.stdout);
      assert.equal(JSON.parse(verify.stdout).ok, true);
    });

    it('ledger verify exits non-zero when a balance differs from the journal', async () => {
      await sql`update ledger_accounts set balance = balance + 1 where owner_id = ${w.otherDistributor.id}`.execute(t.deps.db.kysely);
      try {
        const verify = cli('ledger', 'verify');
        assert.equal(verify.status, 1);
        assert.match(JSON.parse(verify.stdout).problems.join('\n'), new RegExp(`${w.otherDistributor.id}.*balance 1235 but its postings sum to 1234`));
      } finally {
        await sql`update ledger_accounts set balance = balance - 1 where owner_id = ${w.otherDistributor.id}`.execute(t.deps.db.kysely);
      }
    });
  });
});
