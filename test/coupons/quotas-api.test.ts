import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, signedFetch } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { advanceClock, demoActor, seedDemo } from '../../src/modules/sandbox/index.ts';
import { verifyCoupons } from '../../src/modules/coupons/index.ts';
import { createWorld, fails, grantQuota, plusDays, quotaBalance, wireAt, type Actor, type World } from './factories.ts';

type Row = Record<string, unknown>;
const operator = credsOf(demoActor('operator'));

describe(`coupon quotas: operator grants, list_quota_coupons, tier-2 quotas (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const api = (a: Actor) => bssClient(t.url, a.creds!);
  const op = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    signedFetch(t.url, operator, { method, path, ...(body !== undefined ? { headers: { 'Content-Type': 'application/json', ...headers }, body } : { headers }) });
  const quotas = async (a: Actor, body: Row = {}) => (await api(a).call('list_quota_coupons', { body })).body;

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
  });
  after(async () => {
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('the demo distributor and solution provider start with a voucher and a cash-coupon quota; seeding again grants nothing', async () => {
    await seedDemo(t.deps);
    for (const key of ['distributor', 'solution_provider']) {
      const client = bssClient(t.url, credsOf(demoActor(key)));
      const vouchers = (await client.call('list_quota_coupons', { body: {} })).body;
      const cash = (await client.call('list_quota_coupons', { body: { quota_type: 1 } })).body;
      assert.equal(vouchers.total_count, 1);
      assert.equal(cash.total_count, 1);
      assert.equal((vouchers.quotas as Row[])[0]!.quota_value, 100_000);
      assert.equal((cash.quotas as Row[])[0]!.quota_value, 50_000);
    }
  });

  it('the operator grants quotas with limits; the partner lists them, vouchers by default', async () => {
    const now = t.deps.clock.now();
    const res = await op('POST', `/operator/v1/partners/${w.distributor.id}/coupon-quotas`, {
      quota_type: 1,
      amount: 2000.5,
      expire_time: wireAt(plusDays(now, 30)),
      limits: { service_types: ['hws.service.type.ec2'], subscribe_types: ['new', 'renew'], max_deduction_ratio: 0.5, min_face_value: 1, max_face_value: 100, max_coupons_per_customer: 3 },
      remark: 'Q3 campaign',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(String(res.body.quota_id), /^QT/);
    assert.equal(res.body.quota_status, 0);
    assert.equal(res.body.balance, 2000.5);
    await grantQuota(t.deps, w.distributor, { fen: 300_00n });
    const vouchers = await quotas(w.distributor);
    assert.equal(vouchers.total_count, 1);
    assert.equal((vouchers.quotas as Row[])[0]!.quota_type, 0);
    const cash = await quotas(w.distributor, { quota_type: 1 });
    const q = (cash.quotas as Row[])[0]!;
    assert.equal(q.quota_id, res.body.quota_id);
    assert.equal(q.currency, 'CNY');
    assert.equal(q.measure_id, 1);
    assert.deepEqual(q.limit_infos, [
      { limit_key: 'serviceTypeWhiteList', limit_values: [{ value1: 'hws.service.type.ec2' }] },
      { limit_key: 'subscribeType', limit_values: [{ value1: 'new' }, { value1: 'renew' }] },
      { limit_key: 'maxDeductionRatio', limit_values: [{ value1: '0.5' }] },
      { limit_key: 'minFaceValue', limit_values: [{ value1: '1.00' }] },
      { limit_key: 'maxFaceValue', limit_values: [{ value1: '100.00' }] },
      { limit_key: 'maxCouponCountPerCustomer', limit_values: [{ value1: '3' }] },
    ]);
    await fails(api(w.distributor).call('list_quota_coupons', { body: { quota_type: 2 } }), 400, 'CBC.0100');
    await fails(api(w.distributor).call('list_quota_coupons', { body: { quota_status_list: [1] } }), 400, 'CBC.0100');
    await fails(api(w.distributor).call('list_quota_coupons', { body: { create_time_begin: '2026-01-01' } }), 400, 'CBC.0100');
  });

  it('the operator sets statuses; the partner filters by them', async () => {
    const id = await grantQuota(t.deps, w.provider);
    const res = await op('PUT', `/operator/v1/coupon-quotas/${id}/status`, { status: 5 });
    assert.equal(res.status, 200);
    assert.equal(res.body.quota_status, 5);
    assert.equal((await quotas(w.provider, { quota_status_list: [5] })).total_count, 1);
    assert.equal((await quotas(w.provider, { quota_status_list: [0] })).total_count, 0);
    assert.equal((await op('PUT', `/operator/v1/coupon-quotas/${id}/status`, { status: 6 })).body.error_code, 'PBSS.0400');
    assert.equal((await op('PUT', `/operator/v1/coupon-quotas/QT-NOPE/status`, { status: 0 })).status, 404);
    assert.equal((await op('PUT', `/operator/v1/coupon-quotas/${id}/status`, { status: 0 })).body.quota_status, 0);
  });

  it('the operator plane refuses what makes no sense, and only the operator may use it', async () => {
    const grant = (partnerId: string, body: Row) => op('POST', `/operator/v1/partners/${partnerId}/coupon-quotas`, body);
    assert.equal((await grant(w.reseller.id, { quota_type: 0, amount: 1 })).body.error_code, 'PBSS.0400');
    assert.equal((await grant(w.customer.id, { quota_type: 0, amount: 1 })).status, 404);
    assert.equal((await grant(w.distributor.id, { quota_type: 0, amount: 1, limits: { service_types: ['hws.service.type.nope'] } })).body.error_code, 'PBSS.0400');
    assert.equal((await grant(w.distributor.id, { quota_type: 0, amount: 1, limits: { product_white_list: ['OFFI-NOPE'] } })).body.error_code, 'PBSS.0400');
    assert.equal((await grant(w.distributor.id, { quota_type: 0, amount: 1, limits: { max_deduction_ratio: 1.5 } })).body.error_code, 'PBSS.0400');
    assert.equal((await grant(w.distributor.id, { quota_type: 0, amount: 1, limits: { min_face_value: 5, max_face_value: 4 } })).body.error_code, 'PBSS.0400');
    assert.equal((await grant(w.distributor.id, { quota_type: 0, amount: 1, limits: { designated_customer_ids: [w.foreignCustomer.id] } })).body.error_code, 'PBSS.0400');
    assert.equal((await grant(w.distributor.id, { quota_type: 0, amount: 1, expire_time: '2020-01-01T00:00:00Z' })).body.error_code, 'PBSS.0400');
    assert.equal((await grant(w.distributor.id, { quota_type: 0, amount: 1.001 })).body.error_code, 'CBC.0100');
    assert.equal((await grant(w.distributor.id, { quota_type: 2, amount: 1 })).body.error_code, 'CBC.0100');
    const partner = await signedFetch(t.url, w.distributor.creds!, { method: 'POST', path: `/operator/v1/partners/${w.distributor.id}/coupon-quotas`, headers: { 'Content-Type': 'application/json' }, body: { quota_type: 0, amount: 1 } });
    assert.equal(partner.status, 403);
    const verify = await op('GET', '/operator/v1/coupons/verify');
    assert.equal(verify.status, 200);
    assert.equal(verify.body.ok, true, JSON.stringify(verify.body.problems));
  });

  it('an operator grant is idempotent by X-Idempotency-Key', async () => {
    const body = { quota_type: 0, amount: 10 };
    const a = await op('POST', `/operator/v1/partners/${w.otherDistributor.id}/coupon-quotas`, body, { 'X-Idempotency-Key': 'grant-1' });
    const b = await op('POST', `/operator/v1/partners/${w.otherDistributor.id}/coupon-quotas`, body, { 'X-Idempotency-Key': 'grant-1' });
    assert.equal(a.status, 201);
    assert.equal(b.body.quota_id, a.body.quota_id);
    const c = await op('POST', `/operator/v1/partners/${w.otherDistributor.id}/coupon-quotas`, { ...body, amount: 11 }, { 'X-Idempotency-Key': 'grant-1' });
    assert.equal(c.status, 422);
    assert.equal((await quotas(w.otherDistributor)).total_count, 1);
  });

  it('a quota past its expiry shows as invalid (3) and issues nothing (CBC.99000017)', async () => {
    const now = t.deps.clock.now();
    const short = await grantQuota(t.deps, w.otherDistributor, { expireTime: new Date(now.getTime() + 2000).toISOString() });
    await advanceClock(t.deps, 5);
    const list = await quotas(w.otherDistributor, { quota_ids: [short] });
    assert.equal((list.quotas as Row[])[0]!.quota_status, 3);
    assert.equal((await quotas(w.otherDistributor, { quota_ids: [short], quota_status_list: [3] })).total_count, 1);
    await fails(api(w.otherDistributor).call('create_partner_coupons', { body: { quota_id: short, customer_ids: [w.foreignCustomer.id], face_value: 1 } }), 400, 'CBC.99000017');
  });

  describe('tier-2 quotas (tier-1 only)', () => {
    let parent: string;
    let child: string;

    before(async () => {
      parent = await grantQuota(t.deps, w.distributor, { fen: 10_000n });
    });

    it('passes quota to its own tier-2s; others answer per partner in error_details', async () => {
      const res = await api(w.distributor).call('update_coupon_quotas', { body: { quota_id: parent, indirect_partner_ids: [w.reseller.id, w.otherReseller.id, 'nobody'], quota_amount: 30 } });
      assert.equal(res.status, 200);
      const infos = res.body.simple_quota_infos as Row[];
      assert.deepEqual(infos.map((i) => i.id), [w.reseller.id]);
      child = infos[0]!.quota_id as string;
      assert.deepEqual((res.body.error_details as Row[]).map((e) => [e.id, e.error_code]), [[w.otherReseller.id, 'CBC.99000037'], ['nobody', 'CBC.99000037']]);
      assert.equal(await quotaBalance(t.deps, parent), 7000n);
      const mine = await quotas(w.reseller);
      assert.equal(mine.total_count, 1);
      assert.equal((mine.quotas as Row[])[0]!.balance, 30);
      assert.deepEqual(await quotas(w.distributor, { indirect_partner_id: w.reseller.id }), mine);
      const issued = (await api(w.distributor).call('list_issued_coupon_quotas', { query: {} })).body;
      assert.equal(issued.total_count, 1);
      const q = (issued.quotas as Row[])[0]!;
      assert.equal(q.quota_id, child);
      assert.equal(q.parent_quota_id, parent);
      assert.equal(q.indirect_partner_id, w.reseller.id);
      assert.equal(q.indirect_partner_account_name, w.reseller.name);
      // Too much: CBC.99000013 per partner; nothing moves.
      const short = await api(w.distributor).call('update_coupon_quotas', { body: { quota_id: parent, indirect_partner_ids: [w.reseller.id], quota_amount: 70.01 } });
      assert.deepEqual((short.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000013']);
      assert.equal(await quotaBalance(t.deps, parent), 7000n);
    });

    it('refuses a quota that cannot be passed on (400), and callers other than a tier-1 (403)', async () => {
      const body = (quota_id: string) => ({ body: { quota_id, indirect_partner_ids: [w.reseller.id], quota_amount: 1 } });
      await fails(api(w.distributor).call('update_coupon_quotas', body('QT-NOPE')), 400, 'CBC.99000012');
      await fails(api(w.distributor).call('update_coupon_quotas', body(await grantQuota(t.deps, w.otherDistributor))), 400, 'CBC.99000012');
      await fails(api(w.distributor).call('update_coupon_quotas', body(await grantQuota(t.deps, w.distributor, { type: 1 }))), 400, 'CBC.99000012');
      await fails(api(w.distributor).call('update_coupon_quotas', { body: { quota_id: parent, indirect_partner_ids: [w.reseller.id], quota_amount: 0 } }), 400, 'CBC.0100');
      await fails(api(w.distributor).call('update_coupon_quotas', { body: { quota_id: parent, indirect_partner_ids: [], quota_amount: 1 } }), 400, 'CBC.0100');
      for (const who of [w.reseller, w.provider, w.customer]) {
        await fails(api(who).call('update_coupon_quotas', body(parent)), 403, 'CBC.0151');
        await fails(api(who).call('reclaim_coupon_quotas', { body: { quota_ids: [child] } }), 403, 'CBC.0151');
        await fails(api(who).call('list_issued_coupon_quotas', { query: {} }), 403, 'CBC.0151');
        await fails(api(who).call('list_coupon_quotas_records', { query: {} }), 403, 'CBC.0151');
      }
    });

    it('a quota designated for customers not of the tier-2 cannot go to it (CBC.50000021)', async () => {
      const designated = await grantQuota(t.deps, w.distributor, { limits: { designatedCustomers: [w.customer.id] } });
      const res = await api(w.distributor).call('update_coupon_quotas', { body: { quota_id: designated, indirect_partner_ids: [w.reseller.id], quota_amount: 1 } });
      assert.deepEqual((res.body.error_details as Row[]).map((e) => e.error_code), ['CBC.50000021']);
      const forTier2 = await grantQuota(t.deps, w.distributor, { limits: { designatedCustomers: [w.resellerCustomer.id] } });
      const ok = await api(w.distributor).call('update_coupon_quotas', { body: { quota_id: forTier2, indirect_partner_ids: [w.reseller.id], quota_amount: 1 } });
      assert.equal((ok.body.simple_quota_infos as Row[]).length, 1);
    });

    it('reclaims a tier-2 quota whole, once; coupons issued from it come back to the parent afterwards', async () => {
      const coupon = await api(w.reseller).call('create_partner_coupons', { body: { quota_id: child, customer_ids: [w.resellerCustomer.id], face_value: 10 } });
      const couponId = (coupon.body.coupon_infos as Row[])[0]!.coupon_id as string;
      const res = await api(w.distributor).call('reclaim_coupon_quotas', { body: { quota_ids: [child, 'QT-NOPE'], remark: 'end of quarter' } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.simple_quota_infos, [{ quota_id: child, quota_balance: 0 }]);
      assert.deepEqual((res.body.error_details as Row[]).map((e) => [e.id, e.error_code]), [['QT-NOPE', 'CBC.99000012']]);
      assert.equal(await quotaBalance(t.deps, parent), 9000n);
      const again = await api(w.distributor).call('reclaim_coupon_quotas', { body: { quota_ids: [child] } });
      assert.deepEqual((again.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000012']);
      const listed = (await api(w.distributor).call('list_issued_coupon_quotas', { query: { quota_id: child } })).body.quotas as Row[];
      assert.equal(listed[0]!.quota_status, 6);
      // The reseller's coupon is still the customer's; reclaimed now, it goes to the parent.
      await api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: couponId, indirect_partner_id: w.reseller.id } });
      assert.equal(await quotaBalance(t.deps, parent), 10_000n);
      assert.equal(await quotaBalance(t.deps, child), 0n);
      await fails(api(w.reseller).call('create_partner_coupons', { body: { quota_id: child, customer_ids: [w.resellerCustomer.id], face_value: 1 } }), 400, 'CBC.99000012');
      // Another tier-1 cannot reclaim it: like a missing quota.
      const foreign = await api(w.otherDistributor).call('reclaim_coupon_quotas', { body: { quota_ids: [child] } });
      assert.deepEqual((foreign.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000012']);
    });

    it('lists quota records: 10 passed, 11 reclaimed, failures with result -1', async () => {
      const all = (await api(w.distributor).call('list_coupon_quotas_records', { query: { limit: 100 } })).body;
      const recs = all.records as Row[];
      assert.equal(all.total_count, recs.length);
      const reclaim = recs.find((r) => r.operation_type === '11')!;
      assert.equal(reclaim.quota_id, child);
      assert.equal(reclaim.parent_quota_id, parent);
      assert.equal(reclaim.amount, 20);
      assert.equal(reclaim.remark, 'end of quarter');
      assert.equal(reclaim.operator, w.distributor.name);
      assert.equal(reclaim.indirect_partner_name, (await t.deps.db.kysely.selectFrom('accounts').select('display_name').where('id', '=', w.reseller.id).executeTakeFirstOrThrow()).display_name);
      assert.ok(recs.some((r) => r.operation_type === '10' && r.result === '0' && r.amount === 30));
      assert.ok(recs.some((r) => r.operation_type === '10' && r.result === '-1' && r.indirect_partner_id === w.otherReseller.id));
      const only11 = (await api(w.distributor).call('list_coupon_quotas_records', { query: { operation_type: '11' } })).body.records as Row[];
      assert.ok(only11.length > 0 && only11.every((r) => r.operation_type === '11'));
      const forTier2 = (await api(w.distributor).call('list_coupon_quotas_records', { query: { indirect_partner_id: w.reseller.id } })).body.records as Row[];
      assert.ok(forTier2.every((r) => r.indirect_partner_id === w.reseller.id));
      await fails(api(w.distributor).call('list_coupon_quotas_records', { query: { indirect_partner_id: w.otherReseller.id } }), 400, 'CBC.99000037');
      await fails(api(w.distributor).call('list_issued_coupon_quotas', { query: { indirect_partner_id: w.otherReseller.id } }), 400, 'CBC.99000037');
    });
  });
});
