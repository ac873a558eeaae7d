import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { cashOf, createWorld, topUp, type Actor, type World } from './factories.ts';
import { rawCall } from './raw-call.ts';

const PATHS = {
  allocate: '/v2/accounts/partner-accounts/adjust-amount',
  reclaim: '/v2/accounts/partner-accounts/reclaim',
  indirectAllocate: '/v2/accounts/partner-accounts/indirect-partner-adjust',
  indirectReclaim: '/v2/accounts/partner-accounts/indirect-partner-reclaim',
} as const;

describe(`idempotency of money requests (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const entries = async () => Number((await t.deps.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const post = (a: Actor, path: string, body: unknown, key?: string) =>
    rawCall(t.url, a.creds!, { method: 'POST', path, body, headers: key ? { 'X-Idempotency-Key': key } : {} });

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
    await topUp(t.deps, w.distributor, 1_000_000n);
  });
  after(async () => {
    assert.deepEqual((await verifyLedger(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('a sequential retry of each money operation returns the first answer byte for byte and moves nothing more', async () => {
    await post(w.distributor, PATHS.indirectAllocate, { indirect_partner_id: w.reseller.id, amount: 100 });
    await post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 100 });
    const cases: Array<[string, unknown]> = [
      [PATHS.allocate, { customer_id: w.customer.id, amount: 1.23 }],
      [PATHS.reclaim, { customer_id: w.customer.id, amount: 0.23 }],
      [PATHS.indirectAllocate, { indirect_partner_id: w.reseller.id, amount: 2 }],
      [PATHS.indirectReclaim, { indirect_partner_id: w.reseller.id, amount: 1 }],
      [PATHS.allocate, { customer_id: w.resellerCustomer.id, amount: 3, indirect_partner_id: w.reseller.id }],
    ];
    for (const [path, body] of cases) {
      const key = randomUUID();
      const before = { entries: await entries(), dist: await cashOf(t.deps, w.distributor.id), reseller: await cashOf(t.deps, w.reseller.id) };
      const first = await post(w.distributor, path, body, key);
      assert.equal(first.status, 200, first.text);
      const moved = { dist: await cashOf(t.deps, w.distributor.id), reseller: await cashOf(t.deps, w.reseller.id) };
      for (let i = 0; i < 3; i++) {
        const again = await post(w.distributor, path, body, key);
        assert.equal(again.status, first.status);
        assert.equal(again.text, first.text);
      }
      assert.equal(await entries(), before.entries + 1);
      assert.deepEqual({ dist: await cashOf(t.deps, w.distributor.id), reseller: await cashOf(t.deps, w.reseller.id) }, moved);
    }
  });

  it('the same key with another body is refused (422 PBSS.0422) and moves nothing', async () => {
    const key = randomUUID();
    const first = await post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 5 }, key);
    assert.equal(first.status, 200);
    const before = { entries: await entries(), cash: await cashOf(t.deps, w.distributor.id) };
    for (const body of [
      { customer_id: w.customer.id, amount: 5.01 },
      { customer_id: w.customer2.id, amount: 5 },
      { customer_id: w.customer.id, amount: 5, indirect_partner_id: w.reseller.id },
    ]) {
      const other = await post(w.distributor, PATHS.allocate, body, key);
      assert.equal(other.status, 422, other.text);
      assert.equal(other.json.error_code, 'PBSS.0422');
    }
    assert.deepEqual({ entries: await entries(), cash: await cashOf(t.deps, w.distributor.id) }, before);
    // The same body in another key order, or with 5.00 for 5, is the same request.
    const same = await post(w.distributor, PATHS.allocate, { amount: 5.0, customer_id: w.customer.id }, key);
    assert.equal(same.text, first.text);
  });

  it('a key is scoped to the caller and the operation', async () => {
    const key = randomUUID();
    const a = await post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 1 }, key);
    const b = await post(w.distributor, PATHS.reclaim, { customer_id: w.customer.id, amount: 1 }, key);
    const c = await post(w.provider, PATHS.allocate, { customer_id: w.providerCustomer.id, amount: 1 }, key);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(c.status, 400); // the provider has no funds: its own request, evaluated on its own
    assert.equal(c.json.error_code, 'CBC.99005003');
    assert.notEqual(a.json.transfer_id, b.json.trans_id);
  });

  it('a request that failed stored nothing: its retry is evaluated afresh', async () => {
    const key = randomUUID();
    const body = { customer_id: w.providerCustomer.id, amount: 7 };
    const refused = await post(w.provider, PATHS.allocate, body, key);
    assert.equal(refused.json.error_code, 'CBC.99005003');
    await topUp(t.deps, w.provider, 700n);
    const ok = await post(w.provider, PATHS.allocate, body, key);
    assert.equal(ok.status, 200);
    const again = await post(w.provider, PATHS.allocate, body, key);
    assert.equal(again.text, ok.text);
    assert.equal(await cashOf(t.deps, w.provider.id), 0n);
  });

  it('16 concurrent requests with one key make exactly one movement, and all answer alike', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomUUID();
      const before = { entries: await entries(), cash: await cashOf(t.deps, w.distributor.id) };
      const results = await Promise.all(Array.from({ length: 16 }, () => post(w.distributor, PATHS.allocate, { customer_id: w.customer2.id, amount: 0.5 }, key)));
      assert.deepEqual(new Set(results.map((r) => r.status)), new Set([200]), results.map((r) => r.text).join('\n'));
      assert.equal(new Set(results.map((r) => r.text)).size, 1);
      assert.equal(await entries(), before.entries + 1);
      assert.equal(await cashOf(t.deps, w.distributor.id), before.cash - 50n);
    }
  });

  it('many keys at once, each retried 16 times concurrently: one movement per key', async () => {
    const keys = Array.from({ length: 20 }, () => randomUUID());
    const before = { entries: await entries(), cash: await cashOf(t.deps, w.distributor.id) };
    const results = await Promise.all(
      keys.flatMap((key) => Array.from({ length: 16 }, () => post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 0.01 }, key).then((r) => ({ key, r })))),
    );
    for (const key of keys) {
      const mine = results.filter((x) => x.key === key).map((x) => x.r);
      assert.ok(mine.every((r) => r.status === 200));
      assert.equal(new Set(mine.map((r) => r.text)).size, 1);
    }
    assert.equal(await entries(), before.entries + keys.length);
    assert.equal(await cashOf(t.deps, w.distributor.id), before.cash - BigInt(keys.length));
  });

  it('one key sent at once with two bodies: one movement, every request of the other body refused', async () => {
    for (let round = 0; round < 3; round++) {
      const key = randomUUID();
      const before = { entries: await entries(), cash: await cashOf(t.deps, w.distributor.id) };
      const bodies = [{ customer_id: w.customer.id, amount: 0.02 }, { customer_id: w.customer.id, amount: 0.03 }];
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => post(w.distributor, PATHS.allocate, bodies[i % 2], key).then((r) => ({ body: i % 2, r }))));
      const winner = results.find((x) => x.r.status === 200)!.body;
      for (const { body, r } of results) {
        if (body === winner) assert.equal(r.text, results.find((x) => x.body === winner)!.r.text);
        else assert.deepEqual([r.status, r.json.error_code], [422, 'PBSS.0422']);
      }
      assert.equal(await entries(), before.entries + 1);
      assert.equal(await cashOf(t.deps, w.distributor.id), before.cash - (winner === 0 ? 2n : 3n));
    }
  });

  it('requests refused beside accepted ones at once keep no claim: their retries are evaluated afresh', async () => {
    const keys = Array.from({ length: 12 }, () => randomUUID());
    // Every third one names a customer of another partner (CBC.99000035).
    const target = (i: number) => (i % 3 === 2 ? w.providerCustomer.id : w.customer.id);
    const first = await Promise.all(keys.map((key, i) => post(w.distributor, PATHS.allocate, { customer_id: target(i), amount: 0.01 }, key)));
    first.forEach((r, i) => assert.equal(r.status, i % 3 === 2 ? 400 : 200, r.text));
    // The same keys again, each now with a body that can succeed: the refused ones move now.
    const before = { entries: await entries(), cash: await cashOf(t.deps, w.distributor.id) };
    const second = await Promise.all(keys.map((key) => post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 0.01 }, key)));
    second.forEach((r, i) => {
      assert.equal(r.status, 200, r.text);
      if (i % 3 !== 2) assert.equal(r.text, first[i]!.text, 'a stored answer is replayed');
    });
    assert.equal(await entries(), before.entries + 4);
    assert.equal(await cashOf(t.deps, w.distributor.id), before.cash - 4n);
  });

  it('without a key every call is its own movement; a malformed key is refused', async () => {
    const before = await entries();
    const a = await post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 1 });
    const b = await post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 1 });
    assert.notEqual(a.json.transfer_id, b.json.transfer_id);
    assert.equal(await entries(), before + 2);
    for (const bad of ['x'.repeat(256), 'has space', 'ключ']) {
      const r = await post(w.distributor, PATHS.allocate, { customer_id: w.customer.id, amount: 1 }, bad).catch(() => null);
      if (r === null) continue; // fetch itself refuses non-ASCII header values
      assert.equal(r.status, 400);
      assert.equal(r.json.error_code, 'CBC.0100');
    }
    assert.equal(await entries(), before + 2);
  });

  it('operator top-ups and credit lines honour the key too, across retries', async () => {
    const operator = { ...credsOf(demoActor('operator')) };
    const key = randomUUID();
    const top = (amount: number) =>
      rawCall(t.url, operator, { method: 'POST', path: `/operator/v1/partners/${w.otherDistributor.id}/top-ups`, body: { amount, memo: 'wire 42' }, headers: { 'X-Idempotency-Key': key } });
    const first = await top(10);
    assert.equal(first.status, 201, first.text);
    assert.equal((await top(10)).text, first.text);
    assert.equal((await top(11)).status, 422);
    assert.equal(await cashOf(t.deps, w.otherDistributor.id), 1000n);
    const line = () =>
      rawCall(t.url, operator, { method: 'POST', path: `/operator/v1/partners/${w.otherDistributor.id}/credit-lines`, body: { amount: 3 }, headers: { 'X-Idempotency-Key': key } });
    const l1 = await line();
    assert.equal(l1.status, 201, l1.text);
    assert.equal((await line()).text, l1.text);
    const lines = await rawCall(t.url, operator, { method: 'GET', path: `/operator/v1/partners/${w.otherDistributor.id}/credit-lines` });
    assert.equal((lines.json.credit_lines as unknown[]).length, 1);
  });
});
