import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import type { SdkError } from '../support/sdk.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { toFen } from '../../src/platform/money.ts';
import type { World } from '../funds/factories.ts';
import { balances, client, disk, eip, fund, ordersWorld, pay, placeOk, startOrdersApp, vm } from './support.ts';

describe(`orders under concurrency (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const START = 5_000_000n;
  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
    await fund(t, w, w.customer, START);
  });
  after(async () => t.close());

  it('paying the same order several times at once charges it once', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await placeOk(t, w.customer, [vm('v'), disk('d', 'v', 40)]);
      const before = await balances(t, w.customer.id);
      const results = await Promise.all(Array.from({ length: 4 }, () => pay(t, w.customer, id)));
      const ok = results.filter((r) => r.status === 204);
      assert.equal(ok.length, 1, JSON.stringify(results.map((r) => r.body)));
      for (const r of results.filter((x) => x.status !== 204)) assert.equal(r.body.error_code, 'CBC.99003106');
      assert.equal((await balances(t, w.customer.id)).cash, before.cash - 82_000n);
      const resources = await t.deps.db.kysely.selectFrom('subscription_resources').select('id').where('order_id', '=', id).execute();
      assert.equal(resources.length, 2);
    }
  });

  it('renewing while unsubscribing leaves one consistent outcome', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const id = await placeOk(t, w.customer, [eip('ip', 2, 1)]);
      assert.equal((await pay(t, w.customer, id)).status, 204);
      const main = await t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('order_id', '=', id).executeTakeFirstOrThrow();
      const c = client(t, w.customer);
      const settle = (p: Promise<unknown>) => p.then(() => 'ok', (e: SdkError) => e.errorCode ?? String(e));
      const [renewed, unsubscribed] = await Promise.all([
        settle(c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 2, period_num: 2, is_auto_pay: 1 } })),
        settle(c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 1 } })),
      ]);
      outcomes.add(`${renewed}/${unsubscribed}`);
      assert.ok(['ok', 'CBC.99003016', 'CBC.99003144'].includes(renewed), renewed);
      assert.ok(['ok', 'CBC.99003100'].includes(unsubscribed), unsubscribed);
      const after = await t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('id', '=', main.id).executeTakeFirstOrThrow();
      const periods = await t.deps.db.kysely.selectFrom('subscription_periods').selectAll().where('resource_id', '=', main.id).execute();
      const open = periods.filter((p) => p.refund_order_id === null);
      if (unsubscribed === 'ok') {
        assert.equal(after.phase, 'unsubscribed');
        assert.ok(open.every((p) => p.ends_at <= after.closed_at!), 'every period still running was refunded');
      } else {
        assert.equal(after.phase, 'active');
        assert.equal(after.expire_time, open.map((p) => p.ends_at).sort().at(-1), 'the expiry is the end of the last paid period');
      }
      assert.equal(after.pending_order_id, null);
    }
    const bills = await t.deps.db.kysely.selectFrom('bill_records').select('cash_amount').where('customer_id', '=', w.customer.id).execute();
    const spent = bills.reduce((a, b) => a + toFen(b.cash_amount), 0n);
    assert.equal((await balances(t, w.customer.id)).cash, START - spent, 'the balance is the bill records applied to the start');
    const report = await verifyLedger(t.deps.db.kysely);
    assert.equal(report.ok, true, report.problems.join('\n'));
    t.deps.log.info({ outcomes: [...outcomes] }, 'renew/unsubscribe outcomes');
  });
});
