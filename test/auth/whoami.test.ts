/**
 * GET /v3/auth/whoami: the consoles learn the caller's role from it (IAM's own endpoints do not
 * say). Every role, by token and by signature; no credentials, no answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch } from '../support/sdk.ts';
import { DEMO_PASSWORD, DEMO_PLATFORM, demoActor } from '../../src/modules/sandbox/index.ts';

describe('whoami', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  async function tokenOf(key: string): Promise<string> {
    const a = demoActor(key);
    const res = await fetch(`${t.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: a.userName, password: DEMO_PASSWORD, domain: { name: a.accountName } } } } } }),
    });
    assert.equal(res.status, 201);
    return res.headers.get('x-subject-token')!;
  }
  const whoami = async (token: string) => {
    const res = await fetch(`${t.url}/v3/auth/whoami`, { headers: { 'X-Auth-Token': token } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const cases: [string, string, string | null][] = [
    ['operator', 'operator', null],
    ['distributor', 'distributor', 'distributor'],
    ['reseller_one', 'reseller', 'reseller'],
    ['solution_provider', 'solution_provider', 'solution_provider'],
    ['partner_operator', 'partner_operator', 'distributor'],
    ['resale_customer', 'customer', null],
  ];
  for (const [key, role, partnerType] of cases) {
    it(`tells ${key} its user, account and role`, async () => {
      const a = demoActor(key);
      const res = await whoami(await tokenOf(key));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        user: { id: (res.body.user as { id: string }).id, name: a.userName },
        domain: { id: a.accountId, name: a.accountName },
        role,
        partner_type: partnerType,
        parent_id: key === 'reseller_one' ? demoActor('distributor').accountId : null,
        delegated_by: null,
      });
    });
  }

  it('answers a signed request too, and names the partner behind an assume-role token', async () => {
    const signed = await signedFetch(t.url, credsOf(demoActor('distributor')), { method: 'GET', path: '/v3/auth/whoami' });
    assert.equal(signed.status, 200);
    assert.equal(signed.body.role, 'distributor');

    const partnerToken = await tokenOf('distributor');
    const assumed = await fetch(`${t.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Auth-Token': partnerToken },
      body: JSON.stringify({ auth: { identity: { methods: ['assume_role'], assume_role: { domain_name: demoActor('resale_customer').accountName, agency_name: DEMO_PLATFORM } } } }),
    });
    assert.equal(assumed.status, 201);
    const res = await whoami(assumed.headers.get('x-subject-token')!);
    assert.equal(res.body.role, 'customer');
    assert.equal((res.body.domain as { name: string }).name, demoActor('resale_customer').accountName);
    assert.equal(res.body.delegated_by, demoActor('distributor').accountId);
  });

  it('refuses a request without credentials or with a bad token', async () => {
    assert.equal((await fetch(`${t.url}/v3/auth/whoami`)).status, 401);
    const bad = await whoami('not-a-token');
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error_code, 'CBC.0154');
  });
});
