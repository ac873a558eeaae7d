import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { createWorld, type World } from './factories.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe(`the coupons CLI on the server's database (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-coupons-cli-'));
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

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps);
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('grants a quota once per idempotency key, lists it, sets its status', () => {
    const args = ['coupons', 'grant-quota', '--partner-id', w.distributor.id, '--type', 'cash', '--amount', '1234.56', '--service-types', 'hws.service.type.ec2', '--max-deduction-ratio', '0.8', '--idempotency-key', 'cli-q1'];
    const a = cli(...args);
    assert.equal(a.status, 0, a.stderr);
    const b = cli(...args);
    assert.equal(JSON.parse(b.stdout).quota_id, JSON.parse(a.stdout).quota_id);
    const quota = JSON.parse(a.stdout);
    assert.equal(quota.quota_type, 1);
    assert.equal(quota.balance, 1234.56);
    const list = JSON.parse(cli('coupons', 'quotas', '--partner-id', w.distributor.id).stdout);
    assert.equal(list.length, 1);
    const frozen = cli('coupons', 'set-quota-status', '--quota-id', quota.quota_id, '--status', '5');
    assert.equal(JSON.parse(frozen.stdout).quota_status, 5);
  });

  it('grants and lists stored-value cards (sandbox)', () => {
    const card = cli('coupons', 'grant-card', '--customer-id', w.customer.id, '--amount', '88.80', '--name', 'Gift');
    assert.equal(card.status, 0, card.stderr);
    assert.equal(JSON.parse(card.stdout).balance, '88.80');
    assert.equal(JSON.parse(cli('coupons', 'cards', '--customer-id', w.customer.id).stdout).length, 1);
  });

  it('verifies the coupon journal, and exits 1 when a balance differs from it', async () => {
    const ok = cli('coupons', 'verify');
    assert.equal(ok.status, 0, ok.stderr + ok.stdout);
    assert.equal(JSON.parse(ok.stdout).ok, true);
    await sql`update coupon_quotas set balance = balance - 1 where partner_id = ${w.distributor.id}`.execute(t.deps.db.kysely);
    try {
      const bad = cli('coupons', 'verify');
      assert.equal(bad.status, 1);
      assert.match(JSON.parse(bad.stdout).problems.join('\n'), /balance 123455 but its movements sum to 123456/);
    } finally {
      await sql`update coupon_quotas set balance = balance + 1 where partner_id = ${w.distributor.id}`.execute(t.deps.db.kysely);
    }
  });
});
