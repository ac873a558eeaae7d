import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { credsOf, expectSdkError, signedFetch } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { grantPartnerDiscounts } from '../../src/modules/rating/index.ts';
import { parseHuaweiUtc } from '../../src/platform/time-format.ts';
import type { World } from '../funds/factories.ts';
import { client, DAY, disk, place, placeOk, startOrdersApp, ordersWorld, vm, eip } from './support.ts';

type Row = Record<string, unknown>;

describe(`placing orders (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
  });
  after(async () => t.close());

  it('places a yearly server as a pending-payment new order, priced at the list price', async () => {
    const res = await place(t, w.customer, [vm('vm1')]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const info = res.body.order_info as Row;
    assert.equal(res.body.order_id, info.order_id);
    assert.match(String(info.order_id), /^CS[0-9A-F]{24}$/);
    assert.deepEqual(res.body.sub_order_ids, []);
    assert.equal(info.status, 6);
    assert.equal(info.order_type, 1);
    assert.equal(info.source_type, 1);
    assert.equal(info.customer_id, w.customer.id);
    assert.equal(info.official_amount, 420);
    assert.equal(info.amount_after_discount, 420);
    assert.equal(info.currency, 'CNY');
    assert.equal(info.service_type_code, 'hws.service.type.ec2');
    assert.equal(info.user_name, w.customer.name);
    const created = parseHuaweiUtc(String(info.create_time))!;
    assert.equal(parseHuaweiUtc(String(info.pending_payment_end_time))!.getTime() - created.getTime(), 7 * DAY);
    const lines = res.body.order_line_items as Row[];
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.order_line_item_id, `${info.order_id}-000001`);
    assert.match(String(lines[0]!.product_id), /^OFFI/);
    assert.equal(lines[0]!.period_type, 3);
    assert.equal(lines[0]!.period_num, 1);
    assert.equal(lines[0]!.subscription_num, 1);
    assert.equal(lines[0]!.official_amount, 420);
  });

  it('a server with its disk is one order with two line items', async () => {
    const res = await place(t, w.customer, [vm('vm'), disk('d', 'vm', 40)]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const info = res.body.order_info as Row;
    assert.equal(info.official_amount, 820); // 420 + 40 GB × 10
    assert.equal(info.sub_order_infos, undefined);
    const lines = res.body.order_line_items as Row[];
    assert.deepEqual(lines.map((l) => [l.service_type_code, l.official_amount]), [['hws.service.type.ec2', 420], ['hws.service.type.ebs', 400]]);
  });

  it('several main products make a combined order with one sub-order each', async () => {
    const res = await place(t, w.customer, [vm('a', 2, 3), eip('ip', 2, 3), disk('d', 'a', 10, 2, 3)]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const subIds = res.body.sub_order_ids as string[];
    assert.equal(subIds.length, 2);
    const info = res.body.order_info as Row;
    // a: 42 × 3 + disk 10 GB × 1 × 3 = 156; ip: 20 × 3 = 60.
    assert.equal(info.official_amount, 216);
    const subs = info.sub_order_infos as Row[];
    assert.deepEqual(subs.map((s) => [s.order_id, s.official_amount, s.status]).sort(), [[subIds[0], 156, 6], [subIds[1], 60, 6]].sort());
    const lines = res.body.order_line_items as Row[];
    assert.equal(lines.length, 3);

    const list = await client(t, w.customer).call('list_customer_orders', { query: { order_id: String(info.order_id).toLowerCase() } });
    assert.equal(list.body.total_count, 1, 'the order id filter ignores case, and sub-orders are listed inside their combined order');
    const listed = (list.body.order_infos as Row[])[0]!;
    assert.equal((listed.sub_order_infos as Row[]).length, 2);

    // A sub-order can be read on its own.
    const sub = await client(t, w.customer).call('show_customer_order_details', { pathParams: { order_id: subIds[1]! } });
    assert.equal((sub.body.order_info as Row).official_amount, 60);
  });

  it('locks in the discounts that reach the customer, the best offer pre-selected', async () => {
    await grantPartnerDiscounts(t.deps, { accountId: w.distributor.id }, [{ customer_id: w.customer2.id, discount_ratio: 0.8, name: 'partner 80%', effective_time: '2024-01-01T00:00:00Z' }]);
    const res = await place(t, w.customer2, [vm('v')]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const info = res.body.order_info as Row;
    assert.equal(info.official_amount, 420);
    assert.equal(info.amount_after_discount, 336);
    assert.deepEqual((info.amount_info as Row).discounts, [{ discount_type: '607', discount_amount: 84 }]);
    const discounts = await client(t, w.customer2).call('list_order_discounts', { query: { order_id: String(info.order_id) } });
    const list = discounts.body.discounts as Row[];
    assert.equal(list.length, 1);
    assert.equal(list[0]!.discount_type, 3);
    assert.equal(list[0]!.discount_value, '0.8');
  });

  it('refuses malformed orders before anything is stored', async () => {
    const cases: Array<[unknown[], string]> = [
      [[vm('a'), disk('d', 'nope')], 'CBC.0100'],
      [[vm('a', 0, 1)], 'CBC.0100'],
      [[vm('a', 2, 12)], 'CBC.0100'],
      [[vm('a', 3, 4)], 'CBC.0100'],
      [[vm('a', 3, 1, { subscription_num: 2 }), disk('d', 'a')], 'CBC.0100'],
      [[vm('a', 3, 1), disk('d', 'a', 40, 2, 1)], 'CBC.0100'],
      [[vm('a', 3, 1, { resource_spec: 'no.such.spec' })], 'CBC.99006006'],
      [[vm('a'), vm('a')], 'CBC.0100'],
    ];
    for (const [products, code] of cases) {
      const res = await place(t, w.customer2, products);
      assert.equal(res.status, 400, JSON.stringify(products));
      assert.equal(res.body.error_code, code, JSON.stringify(res.body));
    }
    const list = await client(t, w.customer2).call('list_customer_orders', {});
    assert.equal(list.body.total_count, 1, 'only the order of the previous test');
  });

  it('only customers place orders on the extension; the operator places for any customer', async () => {
    const res = await place(t, w.distributor, [vm('a')]);
    assert.equal(res.status, 403);
    assert.equal(res.body.error_code, 'CBC.0151');
    const op = await signedFetch(t.url, credsOf(demoActor('operator')), {
      method: 'POST',
      path: '/operator/v1/orders',
      headers: { 'Content-Type': 'application/json' },
      body: { customer_id: w.providerCustomer.id, product_infos: [vm('a', 2, 1)] },
    });
    assert.equal(op.status, 201, JSON.stringify(op.body));
    assert.equal((op.body.order_info as Row).user_name, '运营人员');
    assert.equal((op.body.order_info as Row).official_amount, 42);
  });

  it('partners see the orders of their customers; customers their own; anything else is an invalid order', async () => {
    const orderId = await placeOk(t, w.resellerCustomer, [vm('r', 2, 2)]);
    const mine = await client(t, w.distributor).call('list_customer_orders', {});
    const ids = (mine.body.order_infos as Row[]).map((o) => o.customer_id);
    assert.ok(ids.length >= 4);
    assert.ok(ids.every((id) => id === w.customer.id || id === w.customer2.id), 'a tier-1 sees its own customers only');
    const viaTier2 = await client(t, w.distributor).call('list_customer_orders', { query: { indirect_partner_id: w.reseller.id } });
    assert.deepEqual((viaTier2.body.order_infos as Row[]).map((o) => o.order_id), [orderId]);
    const bad = await expectSdkError(client(t, w.distributor).call('list_customer_orders', { query: { indirect_partner_id: w.otherReseller.id } }));
    assert.equal(bad.errorCode, 'CBC.99000037');
    const byReseller = await client(t, w.reseller).call('show_customer_order_details', { pathParams: { order_id: orderId } });
    assert.equal((byReseller.body.order_info as Row).order_id, orderId);
    for (const stranger of [w.otherDistributor, w.customer, w.provider]) {
      const err = await expectSdkError(client(t, stranger).call('show_customer_order_details', { pathParams: { order_id: orderId } }));
      assert.equal(err.errorCode, 'CBC.30000010');
    }
    const own = await client(t, w.resellerCustomer).call('list_customer_orders', { query: { status: 6, order_type: '1' } });
    assert.equal(own.body.total_count, 1);
    const none = await client(t, w.resellerCustomer).call('list_customer_orders', { query: { status: 5 } });
    assert.equal(none.body.total_count, 0);
  });
});
