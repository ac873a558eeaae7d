/**
 * Flow control (brief §8): per (root account, operation), 10 requests a second by default and 5
 * for check_user_identity; the next one within the second gets 429 CBC.0250. The wall clock is
 * frozen so "within a second" does not depend on how fast the machine is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OperationName } from '../../src/contract/generated/operations.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, type Credentials } from '../support/sdk.ts';
import { callOperation, type Outcome } from '../support/contract.ts';

const distributor = credsOf(demoActor('distributor'));
const partnerOperator = credsOf(demoActor('partner_operator')); // staff of the distributor: same root account
const provider = credsOf(demoActor('solution_provider'));
const customer = credsOf(demoActor('resale_customer'));

const label = (o: Outcome) => `${o.status} ${o.errorCode ?? ''} ${o.errorMsg ?? ''}`;

function assertThrottled(o: Outcome, what: string): void {
  assert.equal(o.status, 429, `${what}: ${label(o)}`);
  assert.equal(o.errorCode, 'CBC.0250', `${what}: ${label(o)}`);
}

function assertNotThrottled(o: Outcome, what: string): void {
  assert.notEqual(o.status, 429, `${what}: ${label(o)}`);
  assert.notEqual(o.status, 401, `${what}: ${label(o)}`);
  assert.notEqual(o.status, 403, `${what}: ${label(o)}`);
}

describe('flow control', () => {
  let t: TestApp;
  const clock = new ManualClock(new Date());
  const call = (creds: Credentials, op: OperationName) => callOperation(t.url, creds, op);

  /** Sends `n` requests one after another and returns their outcomes in order. */
  async function burst(creds: Credentials, op: OperationName, n: number): Promise<Outcome[]> {
    const out: Outcome[] = [];
    for (let i = 0; i < n; i++) out.push(await call(creds, op));
    return out;
  }

  before(async () => {
    t = await startTestApp({ rateLimitPerSecond: 10, wallClock: clock });
  });
  after(async () => t?.close());

  it('passes 10 requests a second for one account and operation, and answers the 11th and later with 429 CBC.0250', async () => {
    const outcomes = await burst(distributor, 'list_service_types', 12);
    outcomes.slice(0, 10).forEach((o, i) => assertNotThrottled(o, `request ${i + 1}`));
    assert.ok(outcomes.slice(0, 10).every((o) => o.status === outcomes[0]!.status), 'the first ten are answered alike');
    assertThrottled(outcomes[10]!, 'request 11');
    assertThrottled(outcomes[11]!, 'request 12');

    assertNotThrottled(await call(distributor, 'list_measure_units'), 'another operation, same account');
    assertNotThrottled(await call(provider, 'list_service_types'), 'same operation, another account');
    assertThrottled(await call(partnerOperator, 'list_service_types'), 'a staff user of the same root account');

    clock.advance(1000);
    assertNotThrottled(await call(distributor, 'list_service_types'), 'a second later');
  });

  it('passes 5 check_user_identity requests a second and throttles the 6th', async () => {
    const outcomes = await burst(distributor, 'check_user_identity', 7);
    outcomes.slice(0, 5).forEach((o, i) => assertNotThrottled(o, `request ${i + 1}`));
    assertThrottled(outcomes[5]!, 'request 6');
    assertThrottled(outcomes[6]!, 'request 7');
    // Its own bucket: another partner operation of the same account still passes.
    assertNotThrottled(await call(distributor, 'list_sub_customers'), 'another operation');

    clock.advance(1000);
    assertNotThrottled(await call(distributor, 'check_user_identity'), 'a second later');
  });

  it('answers a caller without the role 403, never 429: the role check comes first', async () => {
    const outcomes = await burst(customer, 'update_indirect_partner_account', 12);
    for (const o of outcomes) {
      assert.equal(o.status, 403, label(o));
      assert.equal(o.errorCode, 'CBC.0151', label(o));
    }
  });
});
