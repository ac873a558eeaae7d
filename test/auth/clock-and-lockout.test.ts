/**
 * A3 and A6: the 15-minute X-Sdk-Date window and malformed dates, on an injected wall clock so
 * that the boundaries are exact; and the AK lock after more than five consecutive failures.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch, type Credentials } from '../support/sdk.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { assertGatewayReject, sdkDate, sendManual } from './helpers.ts';

const START = new Date('2026-03-01T12:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const LOCKED = 'AK access failed to reach the limit';

describe('A3: the X-Sdk-Date window', () => {
  const clock = new ManualClock(START);
  const provider = credsOf(demoActor('solution_provider'));
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ wallClock: clock });
  });
  after(async () => t.close());

  /** GET /v3/auth/domains signed by the official signer with the given X-Sdk-Date. */
  const at = (date: Date) => signedFetch(t.url, provider, { method: 'GET', path: '/v3/auth/domains', headers: { 'X-Sdk-Date': sdkDate(date) } });
  const control = async () => assert.equal((await at(clock.now())).status, 200);

  const accepted: Array<[string, number]> = [
    ['now', 0],
    ['14 min 59 s behind', -(14 * MINUTE + 59 * SECOND)],
    ['14 min 59 s ahead', 14 * MINUTE + 59 * SECOND],
    ['exactly 15 min behind', -15 * MINUTE],
    ['exactly 15 min ahead', 15 * MINUTE],
  ];
  for (const [name, offset] of accepted) {
    it(`accepts a date ${name}`, async () => {
      const res = await at(new Date(START.getTime() + offset));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((res.body.domains as Array<{ id: string }>)[0]!.id, provider.domainId);
    });
  }

  const rejected: Array<[string, number]> = [
    ['15 min 1 s behind', -(15 * MINUTE + SECOND)],
    ['15 min 1 s ahead', 15 * MINUTE + SECOND],
    ['a day behind', -24 * 60 * MINUTE],
  ];
  for (const [name, offset] of rejected) {
    it(`refuses a date ${name}`, async () => {
      assertGatewayReject(await at(new Date(START.getTime() + offset)), 'request expired');
      await control();
    });
  }

  it('the window follows the wall clock, not the date the request was made', async () => {
    const signedAt = clock.now();
    clock.advance(15 * MINUTE + SECOND);
    try {
      assertGatewayReject(await at(signedAt), 'request expired');
      await control();
    } finally {
      clock.set(START);
    }
  });

  // Signed correctly over the exact text, so that only the date's form can be at fault.
  const malformed: Array<[string, string]> = [
    ['extended ISO 8601', '2026-03-01T12:00:00Z'],
    ['no Z', '20260301T120000'],
    ['lower-case t and z', '20260301t120000z'],
    ['a space instead of T', '20260301 120000Z'],
    ['second 60 (would roll over to 12:01:00)', '20260301T120060Z'],
    ['minute 60', '20260301T116000Z'],
    ['hour 24', '20260301T240000Z'],
    ['30 February', '20260230T120000Z'],
    ['RFC 1123', 'Sun, 01 Mar 2026 12:00:00 GMT'],
    ['epoch seconds', String(START.getTime() / 1000)],
    ['empty', ''],
  ];
  for (const [name, text] of malformed) {
    it(`refuses a malformed date: ${name}`, async () => {
      const res = await sendManual(t.url, provider, { method: 'GET', path: '/v3/auth/domains' }, { date: text });
      assertGatewayReject(res);
      await control();
    });
  }

  it('control: the same manual signing with a well-formed date is accepted', async () => {
    const res = await sendManual(t.url, provider, { method: 'GET', path: '/v3/auth/domains' }, { date: sdkDate(START) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
});

describe('A6: more than five consecutive failures lock the AK for five minutes', () => {
  const clock = new ManualClock(START);
  const distributor = credsOf(demoActor('distributor'));
  const sameAccountOtherKey = credsOf(demoActor('partner_operator'));
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ wallClock: clock });
  });
  after(async () => t.close());

  const list = (creds: Credentials, bad = false) =>
    signedFetch(t.url, creds, {
      method: 'POST',
      path: '/v2/partners/indirect-partners/query',
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': sdkDate(clock.now()) },
      body: { limit: 1 },
      ...(bad ? { tamper: (r) => (r.body = JSON.stringify({ limit: 2 })) } : {}),
    });
  async function fail(times: number, message = 'verify aksk signature fail'): Promise<void> {
    for (let i = 0; i < times; i++) assertGatewayReject(await list(distributor, true), message);
  }
  const works = async (creds = distributor) => assert.equal((await list(creds)).status, 200);

  it('five failures, a success, five failures: not locked', async () => {
    await fail(5);
    await works();
    await fail(5);
    await works();
  });

  it('six failures lock the AK: a correct request is refused until five minutes have passed', async () => {
    await fail(6);
    assertGatewayReject(await list(distributor), LOCKED);
    // A locked AK answers the lock for bad signatures too, without counting them.
    assertGatewayReject(await list(distributor, true), LOCKED);
    // The lock is per access key: another key of the same account is untouched.
    await works(sameAccountOtherKey);
    clock.advance(4 * MINUTE + 59 * SECOND);
    assertGatewayReject(await list(distributor), LOCKED);
    clock.advance(SECOND);
    await works();
  });

  it('after a lock runs out the count starts afresh', async () => {
    await fail(6);
    assertGatewayReject(await list(distributor), LOCKED);
    clock.advance(5 * MINUTE);
    await fail(1);
    await works();
    await fail(5);
    await works();
  });

  it('failures of an unknown AK lock nothing and are answered alike', async () => {
    const stranger: Credentials = { access: 'NOSUCHKEY00000000000', secret: 'y'.repeat(40) };
    for (let i = 0; i < 7; i++) assertGatewayReject(await list(stranger));
    await works();
  });
});
