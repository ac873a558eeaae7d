import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, expectSdkError, signedFetch } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';

const operator = credsOf(demoActor('operator'));

describe('operator plane: partners, keys and the sandbox clock', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('creates a distributor and a reseller under it, issues a key that works, and revokes it', async () => {
    const dist = await signedFetch(t.url, operator, { method: 'POST', path: '/operator/v1/partners', headers: { 'Content-Type': 'application/json' }, body: { name: 'acme-distribution', partner_type: 'distributor' } });
    assert.equal(dist.status, 201);
    const distId = String(dist.body.id);
    const reseller = await signedFetch(t.url, operator, {
      method: 'POST',
      path: '/operator/v1/partners',
      headers: { 'Content-Type': 'application/json' },
      body: { name: 'acme-reseller', partner_type: 'reseller', parent_id: distId },
    });
    assert.equal(reseller.status, 201);
    assert.equal(reseller.body.parent_id, distId);

    const key = await signedFetch(t.url, operator, { method: 'POST', path: `/operator/v1/accounts/${distId}/access-keys`, headers: { 'Content-Type': 'application/json' }, body: {} });
    assert.equal(key.status, 201);
    const creds = { access: String(key.body.access), secret: String(key.body.secret), domainId: distId };
    assert.match(creds.access, /^[A-Z0-9]{20}$/);
    assert.equal(creds.secret.length, 40);

    const listed = await bssClient(t.url, creds).call('list_indirect_partners', { body: {} });
    assert.equal(listed.status, 200);
    assert.deepEqual((listed.body.indirect_partners as Array<{ account_name: string }>).map((p) => p.account_name), ['acme-reseller']);

    // The secret never comes back in a listing, and is stored encrypted.
    const keys = await signedFetch(t.url, operator, { method: 'GET', path: `/operator/v1/accounts/${distId}/access-keys` });
    assert.equal(keys.status, 200);
    assert.ok(!JSON.stringify(keys.body).includes(creds.secret));
    const stored = await t.deps.db.kysely.selectFrom('access_keys').select('secret_sealed').where('access', '=', creds.access).executeTakeFirstOrThrow();
    assert.ok(!stored.secret_sealed.includes(creds.secret));

    const revoked = await signedFetch(t.url, operator, { method: 'DELETE', path: `/operator/v1/access-keys/${creds.access}` });
    assert.equal(revoked.status, 204);
    const err = await expectSdkError(bssClient(t.url, creds).call('list_indirect_partners', { body: {} }));
    assert.equal(err.status, 401);
    assert.equal(err.errorCode, 'APIGW.0301');
  });

  it('refuses a reseller without a tier-1 parent and a duplicate name, creating nothing', async () => {
    const before = await t.deps.db.kysely.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const noParent = await signedFetch(t.url, operator, { method: 'POST', path: '/operator/v1/partners', headers: { 'Content-Type': 'application/json' }, body: { name: 'orphan-reseller', partner_type: 'reseller' } });
    assert.equal(noParent.status, 400);
    const underProvider = await signedFetch(t.url, operator, {
      method: 'POST',
      path: '/operator/v1/partners',
      headers: { 'Content-Type': 'application/json' },
      body: { name: 'wrong-parent', partner_type: 'reseller', parent_id: demoActor('solution_provider').accountId },
    });
    assert.equal(underProvider.status, 400);
    const dup = await signedFetch(t.url, operator, { method: 'POST', path: '/operator/v1/partners', headers: { 'Content-Type': 'application/json' }, body: { name: 'demo-distributor', partner_type: 'distributor' } });
    assert.equal(dup.status, 409);
    const afterCount = await t.deps.db.kysely.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  it('lets only the operator use the operator plane', async () => {
    const res = await signedFetch(t.url, credsOf(demoActor('distributor')), { method: 'GET', path: '/operator/v1/partners' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error_code, 'CBC.0151');
  });

  it('moves the sandbox clock forward only', async () => {
    const start = await signedFetch(t.url, operator, { method: 'GET', path: '/operator/v1/clock' });
    assert.equal(start.status, 200);
    const t0 = Date.parse(String(start.body.now));
    const adv = await signedFetch(t.url, operator, { method: 'POST', path: '/operator/v1/clock/advance', headers: { 'Content-Type': 'application/json' }, body: { days: 365 } });
    assert.equal(adv.status, 200);
    const t1 = Date.parse(String(adv.body.now));
    assert.ok(t1 - t0 >= 365 * 86400_000 && t1 - t0 < 365 * 86400_000 + 60_000);
    // Signed requests keep working: signatures are checked against real time, not business time.
    assert.equal((await bssClient(t.url, credsOf(demoActor('distributor'))).call('list_indirect_partners', { body: {} })).status, 200);
    const back = await signedFetch(t.url, operator, { method: 'PUT', path: '/operator/v1/clock', headers: { 'Content-Type': 'application/json' }, body: { now: new Date(t0).toISOString() } });
    assert.equal(back.status, 400);
    const target = new Date(t1 + 86400_000).toISOString();
    const set = await signedFetch(t.url, operator, { method: 'PUT', path: '/operator/v1/clock', headers: { 'Content-Type': 'application/json' }, body: { now: target } });
    assert.equal(set.status, 200);
    assert.ok(Math.abs(Date.parse(String(set.body.now)) - Date.parse(target)) < 5000);
    // The offset is persisted, so a restart (or the CLI) sees the same business time.
    const stored = await t.deps.db.kysely.selectFrom('settings').select('value').where('key', '=', 'clock.offset_ms').executeTakeFirstOrThrow();
    assert.ok(Number(stored.value) > 365 * 86400_000);
  });

  it('publishes the demo credentials machine-readably in sandbox mode', async () => {
    const res = await fetch(`${t.url}/sandbox/v1/credentials`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { actors: Array<{ key: string; access_key: string }> };
    assert.equal(body.actors.find((a) => a.key === 'distributor')?.access_key, demoActor('distributor').access);
  });
});

describe('production mode', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ mode: 'production', seed: false });
  });
  after(async () => t.close());

  it('has no clock control and no demo credentials', async () => {
    assert.equal((await fetch(`${t.url}/sandbox/v1/credentials`)).status, 404);
  });
});
