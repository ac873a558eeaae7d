/**
 * A7: IAM tokens. Password tokens last 24 hours by the wall clock; assume_role lets a partner act
 * as one of its own customers (through the agency named by the platform identifier) and nobody
 * else's, and a refused exchange looks the same whether the customer is foreign or missing.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch } from '../support/sdk.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { DEMO_PASSWORD, DEMO_PLATFORM, demoActor } from '../../src/modules/sandbox/index.ts';
import { assertGatewayReject, assertReachedOperation, sdkDate, stateCounts, type HttpAnswer } from './helpers.ts';

const START = new Date('2026-03-01T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const LIST_INDIRECT = '/v2/partners/indirect-partners/query';
const BALANCES = '/v2/accounts/customer-accounts/balances';

const distributor = demoActor('distributor');
const resaleCustomer = demoActor('resale_customer');

interface TokenAnswer extends HttpAnswer {
  token: string | null;
}

describe('A7: tokens', () => {
  const clock = new ManualClock(START);
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ wallClock: clock });
  });
  beforeEach(() => clock.set(START));
  after(async () => t.close());

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<TokenAnswer> {
    const res = await fetch(`${t.url}/v3/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: Object.fromEntries(res.headers), token: res.headers.get('x-subject-token') };
  }
  const passwordBody = (user: string, domain: string, password = DEMO_PASSWORD) => ({
    auth: { identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: domain } } } }, scope: { domain: { name: domain } } },
  });
  const assumeBody = (target: { domain_name?: string; domain_id?: string }, agency = DEMO_PLATFORM) => ({
    auth: { identity: { methods: ['assume_role'], assume_role: { ...target, agency_name: agency } } },
  });
  async function passwordToken(actor = distributor): Promise<string> {
    const res = await post(passwordBody(actor.userName, actor.accountName));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.token!;
  }
  async function call(token: string, method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: Object.fromEntries(res.headers) };
  }
  const assertBadToken = (res: HttpAnswer) => {
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.equal(res.body.error_code, 'CBC.0154');
  };

  it('a password token is issued for 24 hours and works as X-Auth-Token', async () => {
    const res = await post(passwordBody(distributor.userName, distributor.accountName));
    assert.equal(res.status, 201);
    assert.match(res.token ?? '', /^\S{20,}$/);
    const token = res.body.token as { methods: string[]; issued_at: string; expires_at: string; domain: { id: string; name: string } };
    assert.deepEqual(token.methods, ['password']);
    assert.equal(Date.parse(token.issued_at), START.getTime());
    assert.equal(Date.parse(token.expires_at) - Date.parse(token.issued_at), DAY);
    assert.deepEqual(token.domain, { id: distributor.accountId, name: distributor.accountName });
    const list = await call(res.token!, 'POST', LIST_INDIRECT);
    assert.equal(list.status, 200);
    assert.equal(list.body.count, 2);
  });

  it('works until one second before expiry and is refused one second after', async () => {
    const token = await passwordToken();
    clock.advance(DAY - 1000);
    assert.equal((await call(token, 'POST', LIST_INDIRECT)).status, 200);
    clock.advance(2000);
    assertBadToken(await call(token, 'POST', LIST_INDIRECT));
  });

  it('a wrong password, an unknown user or an unknown domain gets 401 and no token, all alike', async () => {
    const before = await stateCounts(t);
    const answers = [
      await post(passwordBody(distributor.userName, distributor.accountName, 'wrong-password')),
      await post(passwordBody('no-such-user', distributor.accountName)),
      await post(passwordBody(distributor.userName, 'no-such-domain')),
    ];
    for (const res of answers) {
      assert.equal(res.status, 401);
      assert.equal(res.token, null);
      assert.deepEqual(res.body, answers[0]!.body);
    }
    assert.equal(answers[0]!.body.error_code, 'IAM.0101');
    assert.deepEqual(await stateCounts(t), before);
  });

  it('refuses tokens that were never issued', async () => {
    assertBadToken(await call('not-a-token', 'POST', LIST_INDIRECT));
    assertBadToken(await call('x'.repeat(600), 'POST', LIST_INDIRECT));
    // An unsigned JWT ("alg":"none") means nothing here either.
    assertBadToken(await call('eyJhbGciOiJub25lIn0.eyJzdWIiOiJkMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAyIn0.', 'POST', LIST_INDIRECT));
    const valid = await passwordToken();
    assertBadToken(await call(`${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`, 'POST', LIST_INDIRECT));
  });

  it('a token in the URL is not a credential', async () => {
    const token = await passwordToken();
    const res = await fetch(`${t.url}${LIST_INDIRECT}?X-Auth-Token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assertGatewayReject({ status: res.status, body: (await res.json()) as Record<string, unknown> }, 'Authorization or X-Auth-Token header not found');
  });

  it('a token with another account\'s X-Domain-Id is refused', async () => {
    const token = await passwordToken();
    assertGatewayReject(await call(token, 'POST', LIST_INDIRECT, { 'X-Domain-Id': resaleCustomer.accountId }), 'X-Domain-Id does not match the credential');
  });

  it('assume_role: a distributor\'s token becomes a token of its own customer', async () => {
    const partnerToken = await passwordToken();
    const res = await post(assumeBody({ domain_name: resaleCustomer.accountName }), { 'X-Auth-Token': partnerToken });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const token = res.body.token as { methods: string[]; domain: { id: string } };
    assert.deepEqual(token.methods, ['assume_role']);
    assert.equal(token.domain.id, resaleCustomer.accountId);
    const customerToken = res.token!;
    const partnerOnly = await call(customerToken, 'POST', LIST_INDIRECT);
    assert.equal(partnerOnly.status, 403);
    assert.equal(partnerOnly.body.error_code, 'CBC.0151');
    // A customer-only operation: this one answers the customer's own balances.
    const customerOnly = await call(customerToken, 'GET', BALANCES);
    assertReachedOperation(customerOnly);
    // The partner's own token is unchanged by the exchange.
    assert.equal((await call(partnerToken, 'POST', LIST_INDIRECT)).status, 200);
  });

  it('assume_role with an AK/SK signature, by domain_id, and for a tier-2 reseller\'s customer', async () => {
    const viaKey = await signedFetch(t.url, credsOf(distributor), { method: 'POST', path: '/v3/auth/tokens', headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': sdkDate(clock.now()) }, body: assumeBody({ domain_id: resaleCustomer.accountId }) });
    assert.equal(viaKey.status, 201, JSON.stringify(viaKey.body));
    assert.equal((viaKey.body.token as { domain: { id: string } }).domain.id, resaleCustomer.accountId);
    const resellers = await post(assumeBody({ domain_name: demoActor('reseller_customer').accountName }), { 'X-Auth-Token': await passwordToken() });
    assert.equal(resellers.status, 201, JSON.stringify(resellers.body));
  });

  it('assume_role for another partner\'s customer is refused exactly like a missing customer or a wrong agency', async () => {
    const partnerToken = await passwordToken();
    const before = await stateCounts(t);
    const answers = [
      await post(assumeBody({ domain_name: demoActor('provider_customer').accountName }), { 'X-Auth-Token': partnerToken }),
      await post(assumeBody({ domain_id: demoActor('provider_customer').accountId }), { 'X-Auth-Token': partnerToken }),
      await post(assumeBody({ domain_name: 'no-such-customer' }), { 'X-Auth-Token': partnerToken }),
      await post(assumeBody({ domain_name: demoActor('reseller_one').accountName }), { 'X-Auth-Token': partnerToken }),
      await post(assumeBody({ domain_name: resaleCustomer.accountName }, 'other_platform'), { 'X-Auth-Token': partnerToken }),
    ];
    for (const res of answers) {
      assert.equal(res.status, 403);
      assert.equal(res.token, null);
      assert.deepEqual(res.body, answers[0]!.body);
    }
    assert.equal(answers[0]!.body.error_code, 'IAM.0102');
    assert.deepEqual(await stateCounts(t), before);
  });

  it('customers, and tokens obtained by assume_role, cannot assume a role', async () => {
    const exchanged = await post(assumeBody({ domain_name: resaleCustomer.accountName }), { 'X-Auth-Token': await passwordToken() });
    assert.equal(exchanged.status, 201);
    const again = await post(assumeBody({ domain_name: resaleCustomer.accountName }), { 'X-Auth-Token': exchanged.token! });
    assert.equal(again.status, 403);
    assert.equal(again.body.error_code, 'IAM.0102');
    const own = await post(assumeBody({ domain_name: resaleCustomer.accountName }), { 'X-Auth-Token': await passwordToken(resaleCustomer) });
    assert.equal(own.status, 403);
    assert.equal(own.body.error_code, 'IAM.0102');
  });

  it('assume_role needs a valid credential', async () => {
    const none = await post(assumeBody({ domain_name: resaleCustomer.accountName }));
    assertGatewayReject(none, 'Authorization or X-Auth-Token header not found');
    assert.equal(none.token, null);
    const partnerToken = await passwordToken();
    clock.advance(DAY + 1000);
    const expired = await post(assumeBody({ domain_name: resaleCustomer.accountName }), { 'X-Auth-Token': partnerToken });
    assertBadToken(expired);
    assert.equal(expired.token, null);
  });

  it('an exchanged token expires after 24 hours too', async () => {
    const res = await post(assumeBody({ domain_name: resaleCustomer.accountName }), { 'X-Auth-Token': await passwordToken() });
    assert.equal(res.status, 201);
    clock.advance(DAY + 1000);
    assertBadToken(await call(res.token!, 'GET', BALANCES));
  });
});
