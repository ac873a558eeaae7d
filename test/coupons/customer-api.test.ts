import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, signedFetch } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { advanceClock, demoActor } from '../../src/modules/sandbox/index.ts';
import { consumeBenefits, reserveBenefits, verifyCoupons } from '../../src/modules/coupons/index.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { JOB_HANDLERS } from '../../src/job-handlers.ts';
import { createWorld, fails, grantQuota, quotaBalance, wireAt, type Actor, type World } from './factories.ts';

type Row = Record<string, unknown>;
const operator = credsOf(demoActor('operator'));

describe(`the customer's side: coupons, their records, stored-value cards, expiry (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  let voucherQuota: string;
  let cashQuota: string;
  const api = (a: Actor) => bssClient(t.url, a.creds!);
  const issue = async (a: Actor, quota: string, customer: Actor, face_value: number, extra: Row = {}) =>
    ((await api(a).call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [customer.id], face_value, ...extra } })).body.coupon_infos as Row[])[0]!.coupon_id as string;
  const mine = async (a: Actor, query: Row = {}) => (await api(a).call('list_sub_customer_coupons', { query })).body;
  const changes = async (a: Actor, query: Row = {}) => (await api(a).call('list_customer_coupon_change_records', { query: { balance_type: 'BALANCE_TYPE_COUPON', ...query } })).body;

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
    voucherQuota = await grantQuota(t.deps, w.distributor, { fen: 100_000n });
    cashQuota = await grantQuota(t.deps, w.distributor, { type: 1, fen: 100_000n });
  });
  after(async () => {
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('a customer lists its coupons (vouchers and cash coupons); its partner, holding none, gets an empty list', async () => {
    const v = await issue(w.distributor, voucherQuota, w.customer, 20);
    const c = await issue(w.distributor, cashQuota, w.customer, 30);
    const list = await mine(w.customer);
    assert.equal(list.count, 2);
    const byId = Object.fromEntries((list.user_coupons as Row[]).map((x) => [x.coupon_id, x]));
    assert.equal(byId[v]!.coupon_type, 1);
    assert.equal(byId[c]!.coupon_type, 4);
    assert.equal(byId[v]!.source_id, w.distributor.id);
    assert.equal(byId[v]!.coupon_version, 2);
    assert.equal(byId[v]!.balance, 20);
    assert.equal(byId[v]!.status, 2);
    assert.equal((await mine(w.customer, { coupon_type: 4 })).count, 1);
    assert.equal((await mine(w.customer, { source_id: w.provider.id })).count, 0);
    assert.equal((await mine(w.customer2)).count, 0);
    assert.deepEqual(await mine(w.distributor), { count: 0, user_coupons: [] });
    await fails(api(w.distributor).call('list_sub_customer_coupons', { query: { indirect_partner_id: w.otherReseller.id } }), 400, 'CBC.99000037');
    await fails(api(w.customer).call('list_sub_customer_coupons', { query: { status: 9 } }), 400, 'CBC.0100');
  });

  it('a coupon that starts later shows as not yet active (1) until it does', async () => {
    const start = new Date(t.deps.clock.now().getTime() + 3600_000);
    const id = await issue(w.distributor, voucherQuota, w.customer2, 5, { valid_time: wireAt(start) });
    const list = await mine(w.customer2, { coupon_id: id });
    assert.equal((list.user_coupons as Row[])[0]!.status, 1);
  });

  it("lists the customer's coupon income and expense: activation, deduction, reclaim", async () => {
    const id = await issue(w.distributor, voucherQuota, w.customer2, 10);
    const at = t.deps.clock.now().toISOString();
    await t.deps.db.kysely.transaction().execute(async (trx) => {
      await reserveBenefits(trx, { orderId: 'ORDER-1', customerId: w.customer2.id, at, scope: { subscribeType: 'new', lines: [{ serviceTypeCode: 'hws.service.type.ec2', productId: 'P', amount: 400n }] }, benefitIds: [id] });
      await consumeBenefits(trx, { orderId: 'ORDER-1', at });
    });
    await api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: id } });
    const recs = (await changes(w.customer2, { coupon_id: id })).records as Row[];
    assert.deepEqual(
      recs.map((r) => [r.trade_detail_type, r.revenue_expense_type, r.change_amount, r.balance_after_change, r.trade_id]),
      [
        ['SOURCE_OPERATION_COUPONCANCEL', 'EXPENSE', '6.00', '0.00', id],
        ['SOURCE_OPERAIION_DEDEUCT', 'EXPENSE', '4.00', '6.00', 'ORDER-1'],
        ['SOURCE_OPERAIION_PRIZE', 'REVENUE', '10.00', '10.00', id],
      ],
    );
    assert.ok(recs.every((r) => r.account_name === w.customer2.name && r.coupon_id === id));
    assert.equal((await changes(w.customer2, { coupon_id: id, trade_type: 'DEDEUCT' })).total_count, 1);
    assert.equal((await changes(w.customer2, { coupon_id: id, revenue_expense_type: 'REVENUE' })).total_count, 1);
    assert.equal((await changes(w.customer2, { trade_id: 'ORDER-1' })).total_count, 1);
    // Cash coupons are another balance type.
    assert.equal((await changes(w.customer2, { balance_type: 'BALANCE_TYPE_RCASH_COUPON' })).total_count, 0);
    const orders = (await api(w.customer2).call('list_sub_customer_coupons', { query: { order_id: 'ORDER-1' } })).body.user_coupons as Row[];
    assert.deepEqual(orders.map((c) => [c.coupon_id, c.order_id]), [[id, 'ORDER-1']]);
    for (const query of [{ balance_type: 'BALANCE_TYPE_DEBIT' }, { trade_type: 'NOPE' }, { revenue_expense_type: 'BOTH' }, { trade_time_begin: '2026-02-30' }]) {
      await fails(api(w.customer2).call('list_customer_coupon_change_records', { query: { balance_type: 'BALANCE_TYPE_COUPON', ...query } }), 400, 'CBC.0100');
    }
    // Partners do not call it.
    await fails(api(w.distributor).call('list_customer_coupon_change_records', { query: { balance_type: 'BALANCE_TYPE_COUPON' } }), 403, 'CBC.0151');
  });

  it('stored-value cards: the operator grants one in the sandbox; the customer lists it by status', async () => {
    const res = await signedFetch(t.url, operator, { method: 'POST', path: `/operator/v1/customers/${w.customer.id}/stored-value-cards`, headers: { 'Content-Type': 'application/json' }, body: { card_name: 'Gift 100', amount: 100 } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const cardId = res.body.card_id as string;
    const usable = (await api(w.customer).call('list_stored_value_cards', { query: { status: 1 } })).body;
    assert.equal(usable.total_count, 1);
    assert.deepEqual({ ...(usable.stored_value_cards as Row[])[0], effective_time: undefined, expire_time: undefined }, {
      card_id: cardId,
      card_name: 'Gift 100',
      status: 1,
      face_value: '100.00',
      balance: '100.00',
      effective_time: undefined,
      expire_time: undefined,
    });
    assert.equal((await api(w.customer).call('list_stored_value_cards', { query: { status: 2 } })).body.total_count, 0);
    // Spent to the fen, it is used up (2).
    const at = t.deps.clock.now().toISOString();
    await t.deps.db.kysely.transaction().execute(async (trx) => {
      await reserveBenefits(trx, { orderId: 'ORDER-CARD', customerId: w.customer.id, at, scope: { subscribeType: 'new', lines: [{ serviceTypeCode: 's', productId: 'p', amount: 100_00n }] }, benefitIds: [cardId] });
      await consumeBenefits(trx, { orderId: 'ORDER-CARD', at });
    });
    const used = (await api(w.customer).call('list_stored_value_cards', { query: { status: 2, card_id: cardId } })).body;
    assert.equal((used.stored_value_cards as Row[])[0]!.balance, '0.00');
    const cardRecords = (await api(w.customer).call('list_customer_coupon_change_records', { query: { balance_type: 'BALANCE_TYPE_STORED_VALUE_CARD' } })).body.records as Row[];
    assert.deepEqual(cardRecords.map((r) => r.trade_detail_type), ['SOURCE_OPERAIION_DEDEUCT', 'SOURCE_OPERAIION_PRIZE']);
    await fails(api(w.customer).call('list_stored_value_cards', { query: { status: 3 } }), 400, 'CBC.0100');
    await fails(api(w.distributor).call('list_stored_value_cards', { query: { status: 1 } }), 403, 'CBC.0151');
    assert.equal((await api(w.customer2).call('list_stored_value_cards', { query: { status: 1 } })).body.total_count, 0);
  });

  it('on the business clock, coupons expire: what is left goes back to the quota (record 4, EXPIRECLEAR)', async () => {
    const now = t.deps.clock.now();
    const soon = wireAt(new Date(now.getTime() + 3600_000));
    const voucher = await issue(w.distributor, voucherQuota, w.customer, 8, { expire_time: soon });
    const cash = await issue(w.distributor, cashQuota, w.customer, 9, { expire_time: soon });
    // Half of the cash coupon is held by an unpaid order when it expires: the hold goes first.
    await t.deps.db.kysely.transaction().execute((trx) =>
      reserveBenefits(trx, { orderId: 'ORDER-PENDING', customerId: w.customer.id, at: now.toISOString(), scope: { subscribeType: 'new', lines: [{ serviceTypeCode: 's', productId: 'p', amount: 450n }] }, benefitIds: [cash] }),
    );
    const before = { v: await quotaBalance(t.deps, voucherQuota), c: await quotaBalance(t.deps, cashQuota) };
    // Whatever is due before the expiry (the webhook sweep, the coupons' expiring notices) runs,
    // and expires nothing.
    while ((await runDueJobs(t.deps, JOB_HANDLERS)) > 0);
    assert.deepEqual({ v: await quotaBalance(t.deps, voucherQuota), c: await quotaBalance(t.deps, cashQuota) }, before);
    const notices = await t.deps.db.kysely.selectFrom('outbox_events').select('aggregate_id').where('type', '=', 'coupon.expiring').where('aggregate_id', 'in', [voucher, cash]).execute();
    assert.deepEqual(notices.map((n) => n.aggregate_id).sort(), [voucher, cash].sort(), 'expiring within the week: announced at once');
    await advanceClock(t.deps, 3601);
    assert.ok((await runDueJobs(t.deps, JOB_HANDLERS)) >= 2);
    assert.equal(await quotaBalance(t.deps, voucherQuota), before.v + 800n);
    assert.equal(await quotaBalance(t.deps, cashQuota), before.c + 900n);
    const coupons = Object.fromEntries(((await mine(w.customer, { limit: 100 })).user_coupons as Row[]).map((c) => [c.coupon_id, c]));
    assert.equal(coupons[voucher]!.status, 4);
    assert.equal(coupons[cash]!.status, 4);
    assert.equal(coupons[cash]!.is_frozen, '0');
    const recs = (await api(w.distributor).call('list_partner_coupons_record', { query: { operation_types: ['4'], coupon_ids: [voucher, cash] } })).body.records as Row[];
    assert.deepEqual(recs.map((r) => r.operation_amount).sort(), [8, 9]);
    const expired = (await changes(w.customer, { coupon_id: voucher, trade_type: 'EXPIRED' })).records as Row[];
    assert.deepEqual(expired.map((r) => [r.trade_detail_type, r.change_amount]), [['SOURCE_OPERAIION_EXPIRECLEAR', '8.00']]);
    // Reclaiming an expired coupon is refused.
    await fails(api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: voucher } }), 409, 'PBSS.0409');
  });
});
