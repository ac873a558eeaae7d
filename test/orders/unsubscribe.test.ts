import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { expectSdkError, signedFetch } from '../support/sdk.ts';
import type { Credentials } from '../support/sdk.ts';
import { addPeriod } from '../../src/modules/orders/index.ts';
import { toFen } from '../../src/platform/money.ts';
import type { Actor, World } from '../funds/factories.ts';
import { advanceTo, balances, client, disk, eip, fund, giveCredit, ordersWorld, pay, placeOk, startOrdersApp, vm } from './support.ts';

type Row = Record<string, unknown>;

describe(`unsubscribing, refunds and conversion to on-demand (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
    await fund(t, w, w.customer, 1_000_000n);
  });
  after(async () => t.close());

  async function buy(customer: Actor, products: unknown[]) {
    const orderId = await placeOk(t, customer, products);
    const paid = await pay(t, customer, orderId);
    assert.equal(paid.status, 204, JSON.stringify(paid.body));
    const rows = await t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('order_id', '=', orderId).orderBy('is_main', 'desc').execute();
    return { orderId, main: rows[0]!, children: rows.slice(1) };
  }
  const resource = (id: string) => t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('unsubscribing right after paying gives every fen back, to the balances it came from', async () => {
    await fund(t, w, w.customer2, 30_000n);
    await giveCredit(t, w.customer2, 100_000n);
    const start = await balances(t, w.customer2.id);
    const { main, children } = await buy(w.customer2, [vm('v'), disk('d', 'v', 40)]);
    assert.deepEqual(await balances(t, w.customer2.id), { cash: 0n, credit: start.credit - 52_000n });
    const c = client(t, w.customer2);
    // The preview says what the unsubscribe then does, and changes nothing.
    const preview = await signedFetch(t.url, w.customer2.creds as Credentials, { method: 'POST', path: '/v2/orders/subscriptions/resources/unsubscribe/preview', headers: { 'Content-Type': 'application/json' }, body: { resource_ids: [main.id], unsubscribe_type: 1 } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.deepEqual(preview.body, { refund_amount: 820, cash_amount: 300, credit_amount: 520, coupon_amount: 0, consumed_amount: 0, fee_amount: 0, no_reason_refund: 'yes', resource_count: 2 });
    assert.equal((await resource(main.id)).phase, 'active');
    const foreign = await signedFetch(t.url, w.customer.creds as Credentials, { method: 'POST', path: '/v2/orders/subscriptions/resources/unsubscribe/preview', headers: { 'Content-Type': 'application/json' }, body: { resource_ids: [main.id], unsubscribe_type: 1 } });
    assert.equal(foreign.status >= 400 && foreign.status < 500, true, 'another customer cannot preview it');
    const res = await c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 1, unsubscribe_reason_type: 1, unsubscribe_reason: 'changed my mind' } });
    const [orderId] = res.body.order_ids as string[];
    assert.deepEqual(await balances(t, w.customer2.id), start);
    const info = (await c.call('show_customer_order_details', { pathParams: { order_id: orderId! } })).body.order_info as Row;
    assert.deepEqual([info.order_type, info.status, info.official_amount, info.amount_after_discount], [4, 5, 820, 820]);
    assert.deepEqual(info.amount_info, { discounts: [], flexipurchase_coupon_amount: 0, coupon_amount: 0, stored_card_amount: 0, commission_amount: 0, consumed_amount: 0 });
    const details = await c.call('show_refund_order_details', { query: { order_id: orderId! } });
    assert.deepEqual((details.body.refund_infos as Row[]).map((r) => r.amount), [-420, -400]);
    for (const r of [main, children[0]!]) assert.equal((await resource(r.id)).phase, 'unsubscribed');
    const bills = await t.deps.db.kysely.selectFrom('bill_records').selectAll().where('order_id', '=', orderId!).orderBy('official_amount').execute();
    assert.deepEqual(bills.map((b) => [b.bill_type, toFen(b.consume_amount), toFen(b.cash_amount), toFen(b.credit_amount)]), [
      [4, -42_000n, -30_000n, -12_000n],
      [4, -40_000n, 0n, -40_000n],
    ]);
    const records = await t.deps.db.kysely.selectFrom('funds_records').selectAll().where('trade_id', '=', orderId!).orderBy('balance_type').execute();
    assert.deepEqual(records.map((r) => [r.trade_type, r.trade_detail_type, r.direction, r.balance_type, toFen(r.amount)]), [
      ['REFUND', 'SOURCE_OPERAIION_UNSUBSCRIBE', 1, 1, 30_000n],
      ['REFUND', 'SOURCE_OPERAIION_UNSUBSCRIBE', 1, 2, 52_000n],
    ]);
  });

  it('type 2 refunds only renewed periods not yet in force, and moves the expiry back', async () => {
    const { main } = await buy(w.customer, [eip('ip', 2, 1)]);
    const c = client(t, w.customer);
    assert.equal((await expectSdkError(c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 2 } }))).errorCode, 'CBC.99003128');
    await c.call('renewal_resources', { body: { resource_ids: [main.id], period_type: 2, period_num: 2, is_auto_pay: 1 } });
    assert.equal((await resource(main.id)).expire_time, addPeriod(new Date(main.expire_time), 2, 2).toISOString());
    const before = await balances(t, w.customer.id);
    const res = await c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 2 } });
    assert.equal((await balances(t, w.customer.id)).cash, before.cash + 4_000n);
    const after = await resource(main.id);
    assert.equal(after.expire_time, main.expire_time);
    assert.equal(after.phase, 'active');
    const info = (await c.call('show_customer_order_details', { pathParams: { order_id: (res.body.order_ids as string[])[0]! } })).body.order_info as Row;
    assert.equal(info.amount_after_discount, 40);
    assert.equal((await expectSdkError(c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 2 } }))).errorCode, 'CBC.99003128');
  });

  it('refuses what the unsubscribe operation documents, changing nothing', async () => {
    const { main, children } = await buy(w.customer, [vm('v', 2, 1), disk('d', 'v', 20, 2, 1)]);
    const c = client(t, w.customer);
    const before = await balances(t, w.customer.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ resource_ids: [children[0]!.id], unsubscribe_type: 1 }, 'CBC.99003185'],
      [{ resource_ids: ['missing'], unsubscribe_type: 1 }, 'CBC.99003012'],
      [{ resource_ids: [main.id, 'missing'], unsubscribe_type: 1 }, 'CBC.99003012'],
      [{ resource_ids: Array.from({ length: 11 }, (_, i) => `r${i}`), unsubscribe_type: 1 }, 'CBC.0100'],
      [{ resource_ids: [main.id], unsubscribe_type: 3 }, 'CBC.0100'],
      [{ resource_ids: [main.id], unsubscribe_type: 1, unsubscribe_reason_type: 9 }, 'CBC.0100'],
    ];
    for (const [body, code] of cases) assert.equal((await expectSdkError(c.call('cancel_resources_subscription', { body }))).errorCode, code, JSON.stringify(body));
    assert.deepEqual(await balances(t, w.customer.id), before);
    assert.equal((await resource(main.id)).phase, 'active', 'a refused batch unsubscribes nothing');
    assert.equal((await expectSdkError(client(t, w.distributor).call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 1 } }))).status, 403);
    await c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 1 } });
    assert.equal((await expectSdkError(c.call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 1 } }))).errorCode, 'CBC.30000067');
  });

  it('refund details: unsubscribe orders only; a partner names its customer', async () => {
    const { orderId } = await buy(w.customer, [eip('z', 2, 1)]);
    assert.equal((await expectSdkError(client(t, w.customer).call('show_refund_order_details', { query: { order_id: orderId } }))).errorCode, 'CBC.99005026');
    assert.equal((await expectSdkError(client(t, w.distributor).call('show_refund_order_details', { query: { order_id: orderId } }))).errorCode, 'CBC.0100');
    assert.equal((await expectSdkError(client(t, w.otherDistributor).call('show_refund_order_details', { query: { order_id: orderId, customer_id: w.customer.id } }))).errorCode, 'CBC.99000035');
  });

  it('lists resources with the documented filters; a partner names its customer', async () => {
    const { main, children } = await buy(w.customer, [vm('v', 2, 1), disk('d', 'v', 20, 2, 1)]);
    const c = client(t, w.customer);
    const byId = await c.call('list_pay_per_use_customer_resources', { body: { resource_ids: [main.id] } });
    assert.deepEqual((byId.body.data as Row[]).map((r) => r.resource_id).sort(), [main.id, children[0]!.id].sort());
    const onlyMain = await c.call('list_pay_per_use_customer_resources', { body: { resource_ids: [main.id], only_main_resource: 1 } });
    assert.deepEqual((onlyMain.body.data as Row[]).map((r) => r.resource_id), [main.id]);
    const row = (onlyMain.body.data as Row[])[0]!;
    assert.deepEqual([row.status, row.is_main_resource, row.service_type_name, row.resource_spec_code, row.expire_policy], [2, 1, '弹性云服务器', 's6.small.1.linux', 0]);
    const closed = await c.call('list_pay_per_use_customer_resources', { body: { status_list: [3], limit: 100 } });
    assert.ok((closed.body.data as Row[]).every((r) => r.status === 3));
    const partner = await client(t, w.distributor).call('list_pay_per_use_customer_resources', { body: { customer_id: w.customer.id, resource_ids: [main.id], only_main_resource: 1 } });
    assert.equal(partner.body.total_count, 1);
    assert.equal((await expectSdkError(client(t, w.distributor).call('list_pay_per_use_customer_resources', { body: {} }))).errorCode, 'CBC.0100');
    assert.equal((await expectSdkError(client(t, w.otherDistributor).call('list_pay_per_use_customer_resources', { body: { customer_id: w.customer.id } }))).errorCode, 'CBC.99000035');
    assert.equal((await expectSdkError(c.call('list_pay_per_use_customer_resources', { body: { status_list: [7] } }))).errorCode, 'CBC.0100');
  });

  it('becomes on-demand at expiry when set so (SET_UP), not when cancelled', async () => {
    const a = (await buy(w.customer, [eip('a', 2, 1)])).main;
    const b = (await buy(w.customer, [eip('b', 2, 1)])).main;
    const c = client(t, w.customer);
    const res = await c.call('update_period_to_on_demand', { body: { operation: 'SET_UP', resource_ids: [a.id, b.id, 'nope'] } });
    assert.deepEqual((res.body.error_details as Row[]).map((e) => [e.id, e.error_code]), [['nope', 'CBC.99003012']]);
    await c.call('update_period_to_on_demand', { body: { operation: 'CANCEL', resource_ids: [b.id] } });
    const listed = await c.call('list_pay_per_use_customer_resources', { body: { resource_ids: [a.id, b.id] } });
    assert.deepEqual(Object.fromEntries((listed.body.data as Row[]).map((r) => [r.resource_id, r.expire_policy])), { [a.id]: 1, [b.id]: 0 });
    const cash = (await balances(t, w.customer.id)).cash;
    await advanceTo(t, new Date(new Date(a.expire_time).getTime() + 1000));
    assert.equal((await resource(a.id)).phase, 'on_demand');
    assert.equal((await resource(b.id)).phase, 'grace');
    assert.equal((await balances(t, w.customer.id)).cash, cash, 'nothing to refund at expiry');
    const onDemand = await client(t, w.distributor).call('list_customer_on_demand_resources', { body: { customer_id: w.customer.id } });
    const listedA = (onDemand.body.resources as Row[]).find((r) => r.resource_id === a.id)!;
    assert.deepEqual([listedA.status, listedA.effective_time], [1, a.expire_time.replace(/\.\d{3}Z$/, 'Z')]);
    const conversion = await t.deps.db.kysely.selectFrom('orders').selectAll().where('customer_id', '=', w.customer.id).where('order_type', '=', 10).execute();
    assert.equal(conversion.length, 1);
    assert.equal(toFen(conversion[0]!.amount_after_discount), 0n);
    const instantly = await c.call('update_period_to_on_demand_instantly', { body: { resource_ids: [b.id, a.id] } });
    assert.deepEqual((instantly.body.to_ondemand_service_results as Row[]).map((r) => [r.resource_id, r.result, r.error_code]), [
      [b.id, 'FAIL', 'CBC.99003610'],
      [a.id, 'FAIL', 'CBC.30000067'],
    ]);
    assert.equal((await expectSdkError(client(t, w.customer).call('list_customer_on_demand_resources', { body: { customer_id: w.customer.id } }))).status, 403);
  });
});
