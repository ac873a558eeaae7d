import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { addPeriod, chargeMoment, ORDER_JOBS } from '../../src/modules/orders/index.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { JOB_HANDLERS } from '../../src/job-handlers.ts';
import { toFen } from '../../src/platform/money.ts';
import type { World } from '../funds/factories.ts';
import { grantCouponQuota, NO_LIMITS } from '../../src/modules/coupons/index.ts';
import { advanceTo, balances, client, DAY, disk, drainJobs, eip, fund, ordersWorld, pay, place, startOrdersApp, vm } from './support.ts';

type Row = Record<string, unknown>;

/**
 * One customer's year, driven by the sandbox clock: buy four yearly products in one combined order
 * and pay; turn on auto-renew for the server A (with its disk); convert C to on-demand at once;
 * unsubscribe D mid-term; at seven days before expiry A is charged once, however often the job
 * runs; B, left alone, goes through its grace and retention periods and is released. Balances,
 * orders, resource statuses and bill records are checked at every step.
 */
describe(`the yearly lifecycle on the clock (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  let cash = 1_000_000n;
  const ids: Record<'A' | 'Adisk' | 'B' | 'C' | 'D', string> = { A: '', Adisk: '', B: '', C: '', D: '' };
  let t0: Date;
  let expiry: Date;

  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
    await fund(t, w, w.customer, cash);
  });
  after(async () => t.close());

  const c = () => client(t, w.customer);
  const resources = async () => {
    const res = await c().call('list_pay_per_use_customer_resources', { body: { limit: 100 } });
    return new Map((res.body.data as Row[]).map((r) => [String(r.resource_id), r]));
  };
  const statusOf = async () => {
    const rs = await resources();
    return Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, rs.get(id)?.status]));
  };
  const billsOf = (resourceId: string) =>
    t.deps.db.kysely.selectFrom('bill_records').selectAll().where('resource_id', '=', resourceId).orderBy('created_at').orderBy('bill_type').execute();
  const cashNow = async () => (await balances(t, w.customer.id)).cash;
  const ordersOfType = async (orderType: number) => ((await c().call('list_customer_orders', { query: { order_type: String(orderType), limit: 100 } })).body.order_infos as Row[]);

  it('buys and pays with a coupon: five resources in use, five new-purchase bill records', async () => {
    const quota = await grantCouponQuota(t.deps, { partnerId: w.distributor.id, quotaType: 0, amount: 100_000n, effectiveTime: null, expireTime: null, limits: NO_LIMITS, grantedBy: 'test' });
    const issued = await client(t, w.distributor).call('create_partner_coupons', { body: { quota_id: quota.quota_id, customer_ids: [w.customer.id], face_value: 100 } });
    const couponId = String((issued.body.coupon_infos as Row[])[0]!.coupon_id);
    const res = await place(t, w.customer, [vm('A'), disk('Adisk', 'A', 40), eip('B', 3, 1), vm('C'), vm('D')]);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const orderId = String(res.body.order_id);
    assert.equal((res.body.order_info as Row).official_amount, 820 + 200 + 420 + 420);
    const usable = await c().call('list_order_coupons_by_order_id', { query: { order_id: orderId } });
    assert.deepEqual((usable.body.user_coupons as Row[]).map((u) => [u.coupon_id, u.balance]), [[couponId, 100]]);
    const paid = await pay(t, w.customer, orderId, { use_coupon: 'YES', coupon_infos: [{ id: couponId, type: 301 }] });
    assert.equal(paid.status, 204, JSON.stringify(paid.body));
    t0 = t.deps.clock.now();
    cash -= 186_000n - 10_000n;
    const info = (await c().call('show_customer_order_details', { pathParams: { order_id: orderId } })).body.order_info as Row;
    assert.deepEqual([info.status, info.amount_after_discount, (info.amount_info as Row).coupon_amount], [5, 1860, 100]);
    const coupon = await t.deps.db.kysely.selectFrom('coupons').select(['balance', 'status']).where('id', '=', couponId).executeTakeFirstOrThrow();
    assert.deepEqual([toFen(coupon.balance), coupon.status], [0n, 3], 'the coupon is spent');
    assert.equal(await cashNow(), cash);

    const rows = await t.deps.db.kysely.selectFrom('subscription_resources').selectAll().where('customer_id', '=', w.customer.id).execute();
    assert.equal(rows.length, 5);
    const lines = await t.deps.db.kysely.selectFrom('order_line_items').select(['id', 'line_key']).where('order_id', 'in', res.body.sub_order_ids as string[]).execute();
    const lineOf = (key: string) => lines.find((l) => l.line_key === key)!.id;
    for (const key of ['A', 'Adisk', 'B', 'C', 'D'] as const) ids[key] = rows.find((r) => r.line_item_id === lineOf(key))!.id;
    expiry = new Date(rows.find((r) => r.id === ids.A)!.expire_time);
    assert.equal(expiry.toISOString(), addPeriod(new Date(rows.find((r) => r.id === ids.A)!.effective_time), 3, 1).toISOString());
    assert.deepEqual(await statusOf(), { A: 2, Adisk: 2, B: 2, C: 2, D: 2 });
    const rs = await resources();
    assert.equal(rs.get(ids.Adisk)!.parent_resource_id, ids.A);
    assert.equal(rs.get(ids.Adisk)!.is_main_resource, 0);
    assert.equal(rs.get(ids.A)!.expire_policy, 0);
    for (const [key, fen, coupon] of [['A', 42_000n, 10_000n], ['Adisk', 40_000n, 0n], ['B', 20_000n, 0n], ['C', 42_000n, 0n], ['D', 42_000n, 0n]] as const) {
      const b = await billsOf(ids[key]);
      assert.deepEqual(b.map((r) => [r.bill_type, toFen(r.consume_amount), toFen(r.cash_amount), toFen(r.coupon_amount)]), [[1, fen, fen - coupon, coupon]], key);
    }
  });

  it('turns auto-renew on for A (its disk goes with it)', async () => {
    const res = await c().call('auto_renewal_resources', { pathParams: { resource_id: ids.Adisk }, body: { period_type: 'YEAR' } });
    assert.equal(res.status, 204);
    const rs = await resources();
    assert.equal(rs.get(ids.A)!.expire_policy, 3, 'setting the child set the main resource');
    const job = await t.deps.db.kysely.selectFrom('jobs').selectAll().where('kind', '=', ORDER_JOBS.autoRenew).where('status', '=', 'pending').execute();
    assert.equal(job.length, 1);
    assert.equal(job[0]!.run_at, chargeMoment(expiry, 7).toISOString());
  });

  it('converts C to on-demand on day 100: the unused time comes back (bill type 24)', async () => {
    await advanceTo(t, new Date(t0.getTime() + 100 * DAY));
    const at = t.deps.clock.now();
    const res = await c().call('update_period_to_on_demand_instantly', { body: { resource_ids: [ids.C] } });
    const [result] = res.body.to_ondemand_service_results as Row[];
    assert.equal(result!.result, 'SUCCESS', JSON.stringify(result));
    const period = (await t.deps.db.kysely.selectFrom('subscription_periods').selectAll().where('resource_id', '=', ids.C).executeTakeFirstOrThrow());
    const start = new Date(period.starts_at).getTime();
    const end = new Date(period.ends_at).getTime();
    const refund = (42_000n * BigInt(end - at.getTime())) / BigInt(end - start);
    cash += refund;
    assert.equal(await cashNow(), cash);
    const [, bill] = await billsOf(ids.C);
    assert.deepEqual([bill!.bill_type, toFen(bill!.consume_amount), toFen(bill!.cash_amount), bill!.trade_id], [24, -refund, -refund, result!.order_id]);
    assert.equal((await statusOf()).C, 3);
    const conversions = await ordersOfType(10);
    assert.deepEqual(conversions.map((o) => [o.order_id, o.status, o.amount_after_discount]), [[result!.order_id, 5, Number(refund) / 100]]);
    const onDemand = await client(t, w.distributor).call('list_customer_on_demand_resources', { body: { customer_id: w.customer.id } });
    assert.deepEqual((onDemand.body.resources as Row[]).map((r) => [r.resource_id, r.status]), [[ids.C, 1]]);
  });

  it('unsubscribes D on day 200: unused time back pro rata, the rest consumed, no fee', async () => {
    await advanceTo(t, new Date(t0.getTime() + 200 * DAY));
    const at = t.deps.clock.now();
    const res = await c().call('cancel_resources_subscription', { body: { resource_ids: [ids.D], unsubscribe_type: 1, unsubscribe_reason_type: 5 } });
    const [orderId] = res.body.order_ids as string[];
    const period = await t.deps.db.kysely.selectFrom('subscription_periods').selectAll().where('resource_id', '=', ids.D).executeTakeFirstOrThrow();
    const start = new Date(period.starts_at).getTime();
    const end = new Date(period.ends_at).getTime();
    const refund = (42_000n * BigInt(end - at.getTime())) / BigInt(end - start);
    cash += refund;
    assert.equal(await cashNow(), cash);
    const order = (await c().call('show_customer_order_details', { pathParams: { order_id: orderId! } })).body.order_info as Row;
    assert.equal(order.order_type, 4);
    assert.equal(order.status, 5);
    assert.equal(order.amount_after_discount, Number(refund) / 100);
    assert.deepEqual(order.amount_info, { discounts: [], flexipurchase_coupon_amount: 0, coupon_amount: 0, stored_card_amount: 0, commission_amount: 0, consumed_amount: Number(42_000n - refund) / 100 });
    const details = await c().call('show_refund_order_details', { query: { order_id: orderId! } });
    assert.deepEqual(
      (details.body.refund_infos as Row[]).map((r) => [r.amount, r.base_order_id]),
      [
        [-Number(refund) / 100, period.order_id],
        [Number(42_000n - refund) / 100, period.order_id],
      ],
    );
    const byPartner = await client(t, w.distributor).call('show_refund_order_details', { query: { order_id: orderId!, customer_id: w.customer.id } });
    assert.equal(byPartner.body.total_count, 2);
    const [, bill] = await billsOf(ids.D);
    assert.deepEqual([bill!.bill_type, toFen(bill!.consume_amount)], [4, -refund]);
    assert.deepEqual(await statusOf(), { A: 2, Adisk: 2, B: 2, C: 3, D: 3 });
  });

  it('charges A once, seven days before expiry, however often the job runs', async () => {
    const charge = chargeMoment(expiry, 7);
    await advanceTo(t, new Date(charge.getTime() - 60_000));
    assert.equal(await cashNow(), cash, 'not yet');
    await advanceTo(t, charge);
    // Run it twice more, at once, and the handler itself again with the same payload.
    await Promise.all([runDueJobs(t.deps, JOB_HANDLERS), runDueJobs(t.deps, JOB_HANDLERS)]);
    await JOB_HANDLERS[ORDER_JOBS.autoRenew]!(t.deps, { resourceId: ids.A, expireTime: expiry.toISOString() }, { kind: ORDER_JOBS.autoRenew, key: 'again', runAt: charge.toISOString() });
    await drainJobs(t);
    cash -= 82_000n;
    assert.equal(await cashNow(), cash);
    const renewals = await ordersOfType(2);
    assert.equal(renewals.length, 1);
    assert.deepEqual([renewals[0]!.status, renewals[0]!.source_type, renewals[0]!.amount_after_discount], [5, 8, 820]);
    const rs = await resources();
    const next = addPeriod(expiry, 3, 1).toISOString().replace(/\.\d{3}Z$/, 'Z');
    assert.equal(rs.get(ids.A)!.expire_time, next);
    assert.equal(rs.get(ids.Adisk)!.expire_time, next);
    assert.equal(rs.get(ids.A)!.expire_policy, 3, 'still auto-renewing');
    for (const key of ['A', 'Adisk'] as const) {
      const b = await billsOf(ids[key]);
      assert.deepEqual(b.map((r) => r.bill_type), [1, 8], key);
    }
  });

  it('lets B expire: grace period, then frozen, then released; A stays in use', async () => {
    await advanceTo(t, new Date(expiry.getTime() + 1000));
    assert.deepEqual(await statusOf(), { A: 2, Adisk: 2, B: 5, C: 3, D: 3 });
    // A V0 customer has a day of grace and a day of retention.
    await advanceTo(t, new Date(expiry.getTime() + DAY + 1000));
    assert.equal((await statusOf()).B, 4);
    const frozen = await c().call('cancel_resources_subscription', { body: { resource_ids: [ids.B], unsubscribe_type: 1 } }).catch((e: { errorCode?: string }) => e);
    assert.equal((frozen as { errorCode?: string }).errorCode, 'CBC.99003656');
    await advanceTo(t, new Date(expiry.getTime() + 2 * DAY + 1000));
    assert.deepEqual(await statusOf(), { A: 2, Adisk: 2, B: 3, C: 3, D: 3 });
    const gone = await c().call('renewal_resources', { body: { resource_ids: [ids.B], period_type: 3, period_num: 1 } }).catch((e: { errorCode?: string }) => e);
    assert.equal((gone as { errorCode?: string }).errorCode, 'CBC.99003016');
    assert.equal(await cashNow(), cash, 'expiry moves no money');
    assert.deepEqual((await billsOf(ids.B)).map((r) => r.bill_type), [1]);
    // The partner's webhooks hear each step, in order (the notice is due a week ahead; the test's
    // clock jumps past that moment, so the job runs at the next jump).
    const events = await t.deps.db.kysely.selectFrom('outbox_events').select(['type', 'created_at', 'payload']).where('aggregate_type', '=', 'resource').where('aggregate_id', '=', ids.B).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.type), ['resource.expiring', 'resource.expired', 'resource.frozen', 'resource.released']);
    assert.equal((JSON.parse(events[0]!.payload) as { partner_id: string }).partner_id, w.distributor.id);
  });

  it('keeps the ledger balanced and every bill record consistent', async () => {
    const report = await verifyLedger(t.deps.db.kysely);
    assert.equal(report.ok, true, report.problems.join('\n'));
    const bills = await t.deps.db.kysely.selectFrom('bill_records').selectAll().where('customer_id', '=', w.customer.id).execute();
    const sum = bills.reduce((a, b) => a + toFen(b.cash_amount), 0n);
    assert.equal(1_000_000n - sum, cash, 'the cash in the bill records is what left the balance');
  });
});
