import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { expectSdkError } from '../support/sdk.ts';
import { grantPartnerDiscounts } from '../../src/modules/rating/index.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { addPeriod } from '../../src/modules/orders/index.ts';
import { setClock } from '../../src/modules/sandbox/index.ts';
import { toFen } from '../../src/platform/money.ts';
import type { World } from '../funds/factories.ts';
import { balances, client, DAY, disk, drainJobs, eip, fund, giveCredit, ordersWorld, pay, place, placeOk, startOrdersApp, vm } from './support.ts';

type Row = Record<string, unknown>;

describe(`paying and cancelling orders (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
  });
  after(async () => t.close());

  const order = async (customer: { creds?: unknown }, id: string) =>
    (await client(t, customer as never).call('show_customer_order_details', { pathParams: { order_id: id } })).body as { order_info: Row; order_line_items: Row[] };
  /** Bill records of an order, or of the sub-orders of a combined one. */
  const bills = (orderId: string) =>
    t.deps.db.kysely
      .selectFrom('bill_records')
      .selectAll()
      .where((eb) => eb.or([eb('order_id', '=', orderId), eb('order_id', 'in', eb.selectFrom('orders').select('id').where('parent_id', '=', orderId))]))
      .orderBy('official_amount', 'desc')
      .execute();
  const resourcesOf = (customerId: string) => t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('customer_id', '=', customerId).orderBy('is_main', 'desc').execute();

  it('pays a server with its disk from cash, creating both resources, their periods and bill records', async () => {
    await fund(t, w, w.customer, 1_000_000n);
    const id = await placeOk(t, w.customer, [vm('vm'), disk('d', 'vm', 40)]);
    const res = await pay(t, w.customer, id);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    const paidAt = t.deps.clock.now();
    assert.deepEqual(await balances(t, w.customer.id), { cash: 918_000n, credit: 0n });

    const o = await order(w.customer, id);
    assert.equal(o.order_info.status, 5);
    assert.equal(o.order_info.amount_after_discount, 820);
    assert.ok(o.order_info.payment_time);
    assert.equal(o.order_info.pending_payment_end_time, undefined);

    const rs = await resourcesOf(w.customer.id);
    assert.equal(rs.length, 2);
    const [server, volume] = rs;
    assert.equal(server!.is_main, 1);
    assert.equal(server!.parent_id, null);
    assert.equal(volume!.parent_id, server!.id);
    assert.match(server!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(server!.phase, 'active');
    const expected = addPeriod(new Date(server!.effective_time), 3, 1).toISOString();
    assert.equal(server!.expire_time, expected);
    assert.equal(volume!.expire_time, expected);
    assert.ok(Math.abs(new Date(server!.effective_time).getTime() - paidAt.getTime()) < 5000);
    assert.equal(o.order_line_items[0]!.expire_time, expected.replace(/\.\d{3}Z$/, 'Z'));

    const b = await bills(id);
    assert.deepEqual(
      b.map((r) => [r.bill_type, r.resource_id, toFen(r.official_amount), toFen(r.consume_amount), toFen(r.cash_amount), toFen(r.credit_amount), r.period_type, r.charge_mode]),
      [
        [1, server!.id, 42_000n, 42_000n, 42_000n, 0n, 19, 1],
        [1, volume!.id, 40_000n, 40_000n, 40_000n, 0n, 19, 1],
      ],
    );
    const records = await t.deps.db.kysely.selectFrom('funds_records').selectAll().where('trade_id', '=', id).execute();
    assert.deepEqual(records.map((r) => [r.trade_type, r.trade_detail_type, r.direction, toFen(r.amount)]), [['DEDEUCT', 'SOURCE_OPERAIION_DEDEUCT', 2, 82_000n]]);
  });

  it('takes cash before credit', async () => {
    await fund(t, w, w.customer2, 10_000n);
    await giveCredit(t, w.customer2, 60_000n);
    const id = await placeOk(t, w.customer2, [vm('v'), eip('ip', 3, 1)]);
    assert.equal((await pay(t, w.customer2, id)).status, 204);
    assert.deepEqual(await balances(t, w.customer2.id), { cash: 0n, credit: 8_000n });
    const o = await order(w.customer2, id);
    assert.equal(o.order_info.amount_after_discount, 620);
    const b = await bills(id);
    assert.deepEqual(b.map((r) => [toFen(r.cash_amount), toFen(r.credit_amount)]), [[10_000n, 32_000n], [0n, 20_000n]]);
  });

  it('refuses a payment the balances cannot cover, and changes nothing', async () => {
    const id = await placeOk(t, w.customer2, [vm('big', 3, 3)]);
    const before = await balances(t, w.customer2.id);
    const res = await pay(t, w.customer2, id);
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 'CBC.99005003');
    assert.deepEqual(await balances(t, w.customer2.id), before);
    assert.equal((await order(w.customer2, id)).order_info.status, 6);
  });

  it('paying twice charges once: a completed order refuses, the same idempotency key replays', async () => {
    const id = await placeOk(t, w.customer, [eip('a', 2, 1)]);
    const before = await balances(t, w.customer.id);
    assert.equal((await pay(t, w.customer, id, {}, { 'X-Idempotency-Key': `k-${id}` })).status, 204);
    assert.equal((await pay(t, w.customer, id, {}, { 'X-Idempotency-Key': `k-${id}` })).status, 204, 'the stored answer');
    const again = await pay(t, w.customer, id);
    assert.equal(again.status, 400);
    assert.equal(again.body.error_code, 'CBC.99003106');
    assert.deepEqual(await balances(t, w.customer.id), { cash: before.cash - 2_000n, credit: 0n });
    const entries = await t.deps.db.kysely.selectFrom('ledger_entries').select('id').where('ref', '=', `PAY:${id}`).execute();
    assert.equal(entries.length, 1);
  });

  it('pays with one of the discounts locked into the order, or at the official price', async () => {
    const granted = await grantPartnerDiscounts(t.deps, { accountId: w.distributor.id }, [{ customer_id: w.customer.id, discount_ratio: 0.8, name: 'p80', effective_time: '2024-01-01T00:00:00Z' }]);
    const discountId = String(granted.discounts[0]!.discount_id);
    const a = await placeOk(t, w.customer, [eip('a', 3, 1)]);
    assert.equal((await order(w.customer, a)).order_info.amount_after_discount, 160, 'the best offer is pre-selected');
    for (const [infos, code] of [
      [[{ id: discountId, type: 2 }], 'CBC.99003108'],
      [[{ id: 'NOPE', type: 3 }], 'CBC.99003108'],
      [[{ id: discountId, type: 3 }, { id: discountId, type: 3 }], 'CBC.0100'],
    ] as const) {
      const res = await pay(t, w.customer, a, { use_discount: 'YES', discount_infos: infos });
      assert.equal(res.body.error_code, code);
    }
    assert.equal((await pay(t, w.customer, a, { use_discount: 'YES' })).body.error_code, 'CBC.0100');
    const before = await balances(t, w.customer.id);
    assert.equal((await pay(t, w.customer, a, { use_discount: 'YES', discount_infos: [{ id: discountId, type: 3 }] })).status, 204);
    assert.equal((await balances(t, w.customer.id)).cash, before.cash - 16_000n);
    const paid = await order(w.customer, a);
    assert.equal(paid.order_info.amount_after_discount, 160);
    assert.deepEqual((paid.order_info.amount_info as Row).discounts, [{ discount_type: '607', discount_amount: 40 }]);
    const [bill] = await bills(a);
    assert.deepEqual([toFen(bill!.official_amount), toFen(bill!.discount_amount), toFen(bill!.consume_amount), bill!.discount_type], [20_000n, 4_000n, 16_000n, 607]);

    const b = await placeOk(t, w.customer, [eip('b', 3, 1)]);
    assert.equal((await pay(t, w.customer, b)).status, 204);
    assert.equal((await order(w.customer, b)).order_info.amount_after_discount, 200, 'use_discount NO pays the official price');
  });

  it('checks the coupon fields, and refuses a coupon the customer does not have', async () => {
    const id = await placeOk(t, w.customer, [eip('c', 2, 1)]);
    const coupon = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `C${i}`, type: 301 }));
    assert.equal((await pay(t, w.customer, id, { use_coupon: 'YES' })).body.error_code, 'CBC.0100');
    assert.equal((await pay(t, w.customer, id, { use_coupon: 'NO', coupon_infos: coupon(1) })).body.error_code, 'CBC.0100');
    assert.equal((await pay(t, w.customer, id, { use_coupon: 'YES', coupon_infos: coupon(4) })).body.error_code, 'CBC.0100');
    assert.equal((await pay(t, w.customer, id, { use_coupon: 'YES', coupon_infos: [{ id: 'a', type: 300 }, { id: 'b', type: 301 }] })).body.error_code, 'CBC.99003147');
    assert.equal((await pay(t, w.customer, id, { use_coupon: 'MAYBE' })).body.error_code, 'CBC.0100');
    assert.equal((await pay(t, w.customer, id, { use_coupon: 'YES', coupon_infos: coupon(1) })).body.error_code, 'CBC.99003112');
    const usable = await client(t, w.customer).call('list_order_coupons_by_order_id', { query: { order_id: id } });
    assert.deepEqual([usable.body.count, usable.body.user_coupons], [0, []]);
    assert.equal((await order(w.customer, id)).order_info.status, 6);
  });

  it('a combined order is paid as a whole, by its own id; its sub-orders are refused', async () => {
    const res = await place(t, w.customer, [vm('a', 2, 1), eip('b', 2, 1)]);
    const id = String(res.body.order_id);
    const [subA] = res.body.sub_order_ids as string[];
    const sub = await pay(t, w.customer, subA!);
    assert.equal(sub.body.error_code, 'CBC.99000089');
    const cancelSub = await expectSdkError(client(t, w.customer).call('cancel_customer_order', { body: { order_id: subA } }));
    assert.equal(cancelSub.errorCode, 'CBC.99000089');
    assert.equal((await pay(t, w.customer, id)).status, 204);
    const o = await order(w.customer, id);
    assert.equal(o.order_info.status, 5);
    assert.deepEqual((o.order_info.sub_order_infos as Row[]).map((s) => s.status), [5, 5]);
    const b = await bills(id);
    assert.deepEqual(b.map((r) => r.order_id).sort(), [...(res.body.sub_order_ids as string[])].sort(), 'bill records name the sub-order that bought the resource');
  });

  it('cancels pending orders only', async () => {
    const id = await placeOk(t, w.customer, [eip('x', 2, 1)]);
    const c = client(t, w.customer);
    assert.equal((await c.call('cancel_customer_order', { body: { order_id: id } })).status, 204);
    assert.equal((await order(w.customer, id)).order_info.status, 4);
    assert.equal((await expectSdkError(c.call('cancel_customer_order', { body: { order_id: id } }))).errorCode, 'CBC.99005010');
    assert.equal((await pay(t, w.customer, id)).body.error_code, 'CBC.99003106');
    const foreign = await expectSdkError(client(t, w.customer2).call('cancel_customer_order', { body: { order_id: id } }));
    assert.equal(foreign.errorCode, 'CBC.30000010');
    const byPartner = await expectSdkError(client(t, w.distributor).call('cancel_customer_order', { body: { order_id: id } }));
    assert.equal(byPartner.status, 403);
  });

  it('an unpaid order lapses after 7 days by the clock', async () => {
    const id = await placeOk(t, w.customer, [eip('late', 2, 1)]);
    await setClock(t.deps, new Date(t.deps.clock.now().getTime() + 7 * DAY + 1000));
    const late = await pay(t, w.customer, id);
    assert.equal(late.body.error_code, 'CBC.99003110', 'past the deadline, even before the lapse job ran');
    await drainJobs(t);
    assert.equal((await order(w.customer, id)).order_info.status, 4);
  });

  it('keeps the ledger balanced', async () => {
    const report = await verifyLedger(t.deps.db.kysely);
    assert.equal(report.ok, true, report.problems.join('\n'));
  });
});
