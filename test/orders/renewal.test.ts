import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { expectSdkError } from '../support/sdk.ts';
import { addPeriod, chargeMoment, nextDailyRetry } from '../../src/modules/orders/index.ts';
import { toFen } from '../../src/platform/money.ts';
import type { Actor, World } from '../funds/factories.ts';
import { advanceTo, balances, client, DAY, disk, eip, fund, ordersWorld, pay, placeOk, startOrdersApp, vm } from './support.ts';

type Row = Record<string, unknown>;

describe(`renewals and auto-renew (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
    await fund(t, w, w.customer, 1_000_000n);
  });
  after(async () => t.close());

  /** Buys and pays; returns the main resource and its children, as stored. */
  async function buy(customer: Actor, products: unknown[]) {
    const orderId = await placeOk(t, customer, products);
    const paid = await pay(t, customer, orderId);
    assert.equal(paid.status, 204, JSON.stringify(paid.body));
    const rows = await t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('order_id', '=', orderId).orderBy('is_main', 'desc').execute();
    return { orderId, main: rows[0]!, children: rows.slice(1) };
  }
  const resource = (id: string) => t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('prices a renewal of real resources (list_renew_rate_on_period), with children on request', async () => {
    const { main, children } = await buy(w.customer, [vm('v', 2, 1), disk('d', 'v', 20, 2, 1)]);
    const c = client(t, w.customer);
    const alone = await c.call('list_renew_rate_on_period', { body: { resource_ids: [main.id], period_type: 3, period_num: 1 } });
    assert.equal((alone.body.official_website_rating_result as Row).official_website_amount, '420');
    const both = await c.call('list_renew_rate_on_period', { body: { resource_ids: [main.id, children[0]!.id, 'nope'], period_type: 2, period_num: 2, include_relative_resources: true } });
    assert.deepEqual(both.body.renew_inquiry_results, [{ resource_id: main.id, amount: '124' }]); // (42 + 20) × 2
    assert.deepEqual(
      (both.body.fail_resource_infos as Row[]).map((f) => [f.resource_id, f.error_code]),
      [
        [children[0]!.id, 'CBC.30050007'],
        ['nope', 'CBC.30050009'],
      ],
    );
  });

  it('renews a main resource with its children from their expiry, as a pending order the customer pays', async () => {
    const { main, children } = await buy(w.customer, [vm('v', 2, 1), disk('d', 'v', 20, 2, 1)]);
    const c = client(t, w.customer);
    const res = await c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 2, period_num: 3 } });
    const [orderId] = res.body.order_ids as string[];
    assert.deepEqual(res.body.fail_resource_infos, []);
    const details = await c.call('show_customer_order_details', { pathParams: { order_id: orderId! } });
    const info = details.body.order_info as Row;
    assert.deepEqual([info.order_type, info.status, info.official_amount], [2, 6, 186]); // (42 + 20) × 3
    assert.equal((details.body.order_line_items as Row[]).length, 2);
    // While the renewal waits for payment, the resource is held.
    const held = await expectSdkError(c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 2, period_num: 1 } }));
    assert.equal(held.errorCode, 'CBC.99003100');
    const unsub = await expectSdkError(c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 1 } }));
    assert.equal(unsub.errorCode, 'CBC.99003100');
    const before = await balances(t, w.customer.id);
    assert.equal((await pay(t, w.customer, orderId!)).status, 204);
    assert.equal((await balances(t, w.customer.id)).cash, before.cash - 18_600n);
    const expected = addPeriod(new Date(main.expire_time), 2, 3).toISOString();
    assert.equal((await resource(main.id)).expire_time, expected);
    assert.equal((await resource(children[0]!.id)).expire_time, expected);
    assert.equal((await resource(main.id)).pending_order_id, null);
    const bills = await t.deps.db.kysely.selectFrom('bill_records').selectAll().where('order_id', '=', orderId!).execute();
    assert.deepEqual(bills.map((b) => [b.bill_type, b.effective_time, b.expire_time]).sort(), [
      [2, main.expire_time, expected],
      [2, main.expire_time, expected],
    ]);
  });

  it('a cancelled renewal frees the resource', async () => {
    const { main } = await buy(w.customer, [eip('ip', 2, 1)]);
    const c = client(t, w.customer);
    const [orderId] = (await c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 2, period_num: 1 } })).body.order_ids as string[];
    await c.call('cancel_customer_order', { body: { order_id: orderId } });
    assert.equal((await resource(main.id)).pending_order_id, null);
    const again = await c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 2, period_num: 1, is_auto_pay: 1 } });
    assert.deepEqual(again.body.fail_resource_infos, []);
    const order = await c.call('show_customer_order_details', { pathParams: { order_id: (again.body.order_ids as string[])[0]! } });
    assert.equal((order.body.order_info as Row).status, 5, 'is_auto_pay paid it at once');
  });

  it('is_auto_pay leaves an order the balance cannot cover pending, and says so', async () => {
    await fund(t, w, w.customer2, 2_000n);
    const { main } = await buy(w.customer2, [eip('ip', 2, 1)]);
    const res = await client(t, w.customer2).call('renewal_resources', { body: { resource_ids: [main.id], period_type: 3, period_num: 1, is_auto_pay: 1 } });
    assert.deepEqual((res.body.fail_resource_infos as Row[]).map((f) => [f.resource_id, f.error_code]), [[main.id, 'CBC.30050006']]);
    const order = await client(t, w.customer2).call('show_customer_order_details', { pathParams: { order_id: (res.body.order_ids as string[])[0]! } });
    assert.equal((order.body.order_info as Row).status, 6);
  });

  it('refuses what renewal_resources documents', async () => {
    const { main, children } = await buy(w.customer, [vm('v', 2, 1), disk('d', 'v', 20, 2, 1)]);
    const c = client(t, w.customer);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ resource_ids: [children[0]!.id], period_type: 2, period_num: 1 }, 'CBC.30010036'],
      [{ resource_ids: ['missing'], period_type: 2, period_num: 1 }, 'CBC.99003016'],
      [{ resource_ids: [main.id], period_type: 2, period_num: 12 }, 'CBC.99000092'],
      [{ resource_ids: [main.id], period_type: 3, period_num: 4 }, 'CBC.99000092'],
      [{ resource_ids: [main.id], period_type: 1, period_num: 1 }, 'CBC.99000092'],
      [{ resource_ids: [], period_type: 2, period_num: 1 }, 'CBC.0100'],
      [{ resource_ids: [main.id, main.id], period_type: 2, period_num: 1 }, 'CBC.0100'],
    ];
    for (const [body, code] of cases) assert.equal((await expectSdkError(c.call('renewal_resources', { body }))).errorCode, code, JSON.stringify(body));
    const foreign = await expectSdkError(client(t, w.customer2).call('renewal_resources', { body: { resource_ids: [main.id], period_type: 2, period_num: 1 } }));
    assert.equal(foreign.errorCode, 'CBC.99003016');
    // Three years on top of almost a year already paid is within five; three more after that are not.
    await c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 3, period_num: 3, is_auto_pay: 1 } });
    assert.equal((await expectSdkError(c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 3, period_num: 3 } }))).errorCode, 'CBC.99003154');
  });

  it('auto-renew: settings, refusals, auto_renew_times, and daily retries while the balance is short', async () => {
    const c = client(t, w.customer2);
    const { main } = await buy(w.customer, [eip('x', 2, 1)]);
    assert.equal((await expectSdkError(client(t, w.customer).call('cancel_auto_renewal_resources', { pathParams: { resource_id: main.id } }))).errorCode, 'CBC.99003605');
    assert.equal((await expectSdkError(client(t, w.customer).call('auto_renewal_resources', { pathParams: { resource_id: 'nope' }, body: {} }))).errorCode, 'CBC.99003012');
    assert.equal((await expectSdkError(client(t, w.customer).call('auto_renewal_resources', { pathParams: { resource_id: main.id }, body: { auto_renew_times: 100 } }))).errorCode, 'CBC.0100');
    assert.equal((await client(t, w.customer).call('auto_renewal_resources', { pathParams: { resource_id: main.id }, body: {} })).status, 204);
    assert.equal((await client(t, w.customer).call('cancel_auto_renewal_resources', { pathParams: { resource_id: main.id } })).status, 204);

    // customer2 can afford one monthly renewal of its EIP (20), not two; auto-renew twice at most.
    await fund(t, w, w.customer2, 6_000n);
    const ip = (await buy(w.customer2, [eip('ip', 2, 1)])).main;
    assert.equal((await balances(t, w.customer2.id)).cash, 2_000n + 2_000n);
    assert.equal((await c.call('set_resources_renew_config', { body: { config_name: 'DEDUCTION_DATE', config_value: '3' } })).status, 200);
    assert.equal((await expectSdkError(c.call('set_resources_renew_config', { body: { config_name: 'DEDUCTION_DATE', config_value: '8' } }))).errorCode, 'CBC.0100');
    assert.equal((await c.call('auto_renewal_resources', { pathParams: { resource_id: ip.id }, body: { auto_renew_times: 2, period_type: 'MONTH' } })).status, 204);

    const first = new Date(ip.expire_time);
    await advanceTo(t, new Date(chargeMoment(first, 3).getTime() - 10 * 60_000));
    assert.equal((await balances(t, w.customer2.id)).cash, 4_000n, 'not before the deduction day');
    await advanceTo(t, chargeMoment(first, 3));
    assert.equal((await balances(t, w.customer2.id)).cash, 2_000n);
    const second = addPeriod(first, 2, 1);
    assert.equal((await resource(ip.id)).expire_time, second.toISOString());

    // Spend the rest, so the second auto-renewal finds the balance short and retries daily.
    await buy(w.customer2, [eip('drain', 2, 1)]);
    assert.equal((await balances(t, w.customer2.id)).cash, 0n);
    await advanceTo(t, chargeMoment(second, 3));
    assert.equal((await resource(ip.id)).expire_time, second.toISOString(), 'not renewed');
    const retry = await t.deps.db.kysely.selectFrom('jobs').selectAll().where('key', 'like', `${ip.id}@%#retry-%`).where('status', '=', 'pending').execute();
    assert.deepEqual(retry.map((j) => j.run_at), [nextDailyRetry(chargeMoment(second, 3)).toISOString()]);
    await fund(t, w, w.customer2, 2_000n);
    await advanceTo(t, nextDailyRetry(chargeMoment(second, 3)));
    const third = addPeriod(second, 2, 1);
    const renewed = await resource(ip.id);
    assert.equal(renewed.expire_time, third.toISOString(), 'renewed on the retry');
    assert.equal(renewed.auto_renew, 0, 'auto_renew_times 2 reached');
    const orders = await t.deps.db.kysely.selectFrom('orders').selectAll().where('customer_id', '=', w.customer2.id).where('order_type', '=', 2).where('source_type', '=', 8).execute();
    assert.equal(orders.length, 2);
    const bills = await t.deps.db.kysely.selectFrom('bill_records').selectAll().where('resource_id', '=', ip.id).orderBy('created_at').execute();
    assert.deepEqual(bills.map((b) => [b.bill_type, toFen(b.consume_amount)]), [[1, 2_000n], [8, 2_000n], [8, 2_000n]]);
    void DAY;
  });
});
