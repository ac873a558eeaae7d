import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, signedFetch } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { setCustomerFrozen } from '../../src/modules/customers/index.ts';
import { setCouponQuotaStatus, verifyCoupons } from '../../src/modules/coupons/index.ts';
import { productIdOf } from '../../src/modules/catalog/index.ts';
import { couponOf, createWorld, fails, grantQuota, plusDays, quotaBalance, wireAt, type Actor, type World } from './factories.ts';

type Row = Record<string, unknown>;

describe(`issuing and reclaiming partner coupons over the partner API (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  let quota: string;
  const api = (a: Actor) => bssClient(t.url, a.creds!);
  const issue = (a: Actor, body: Row) => api(a).call('create_partner_coupons', { body });
  const issued = async (a: Actor, query: Row = {}) => (await api(a).call('list_issued_partner_coupons', { query })).body;
  const records = async (a: Actor, query: Row = {}) => (await api(a).call('list_partner_coupons_record', { query })).body.records as Row[];

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
    quota = await grantQuota(t.deps, w.distributor, { fen: 100_000n });
  });
  after(async () => {
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('issues one coupon per resale customer, taking the face value from the quota', async () => {
    const res = await issue(w.distributor, { quota_id: quota, customer_ids: [w.customer.id, w.customer2.id], face_value: 12.34, memo: 'welcome' });
    assert.equal(res.status, 200);
    const infos = res.body.coupon_infos as Row[];
    assert.deepEqual(infos.map((i) => i.id), [w.customer.id, w.customer2.id]);
    for (const i of infos) assert.match(String(i.coupon_id), /^CP[0-9A-F]{24}$/);
    assert.deepEqual(res.body.error_details, []);
    assert.equal(await quotaBalance(t.deps, quota), 100_000n - 2n * 1234n);
    const list = await issued(w.distributor, { customer_id: w.customer.id });
    assert.equal(list.total_count, 1);
    const c = (list.user_coupons as Row[])[0]!;
    assert.equal(c.coupon_id, infos[0]!.coupon_id);
    assert.equal(c.status, 2);
    assert.equal(c.coupon_type, 1);
    assert.equal(c.face_value, 12.34);
    assert.equal(c.balance, 12.34);
    assert.equal(c.is_frozen, '0');
    // Validity defaults to the quota's.
    const q = (await api(w.distributor).call('list_quota_coupons', { body: { quota_ids: [quota] } })).body.quotas as Row[];
    assert.equal(c.expire_time, q[0]!.expire_time);
    assert.equal(q[0]!.balance, 975.32);
    const recs = await records(w.distributor, { quota_id: quota, operation_types: ['1'] });
    assert.equal(recs.length, 2);
    assert.deepEqual(new Set(recs.map((r) => r.result)), new Set(['0']));
    assert.equal(recs[0]!.operation_amount, 12.34);
    assert.equal(recs[0]!.remark, 'welcome');
  });

  it('answers per customer inside HTTP 200: foreign and missing alike (CBC.99000035), referral (CBC.99000014), frozen (CBC.99000000)', async () => {
    const mine = w.customer2;
    await setCustomerFrozen(t.deps, mine.id, true);
    try {
      const missing = 'f'.repeat(32);
      const before = await quotaBalance(t.deps, quota);
      const res = await issue(w.distributor, { quota_id: quota, customer_ids: [w.customer.id, w.foreignCustomer.id, missing, w.referralCustomer.id, mine.id, w.resellerCustomer.id], face_value: 1 });
      assert.equal(res.status, 200);
      assert.deepEqual((res.body.coupon_infos as Row[]).map((i) => i.id), [w.customer.id]);
      const errors = Object.fromEntries((res.body.error_details as Row[]).map((e) => [e.id, e]));
      assert.equal(errors[w.foreignCustomer.id]!.error_code, 'CBC.99000035');
      assert.equal(errors[missing]!.error_code, 'CBC.99000035');
      assert.equal(String(errors[w.foreignCustomer.id]!.error_msg).replace(w.foreignCustomer.id, 'X'), String(errors[missing]!.error_msg).replace(missing, 'X'));
      assert.equal(errors[w.referralCustomer.id]!.error_code, 'CBC.99000014');
      assert.equal(errors[mine.id]!.error_code, 'CBC.99000000');
      // A tier-2's customer is not the tier-1's own.
      assert.equal(errors[w.resellerCustomer.id]!.error_code, 'CBC.99000035');
      assert.equal(await quotaBalance(t.deps, quota), before - 100n);
      const failed = await records(w.distributor, { result: '-1' });
      assert.ok(failed.length >= 5);
      assert.ok(failed.every((r) => r.result === '-1' && r.coupon_id === ''));
    } finally {
      await setCustomerFrozen(t.deps, mine.id, false);
    }
  });

  it('issues while the quota lasts: the rest answer CBC.99000013 per customer', async () => {
    const small = await grantQuota(t.deps, w.provider, { fen: 1500n });
    const res = await issue(w.provider, { quota_id: small, customer_ids: [w.providerCustomer.id], face_value: 10 });
    assert.equal((res.body.coupon_infos as Row[]).length, 1);
    const again = await issue(w.provider, { quota_id: small, customer_ids: [w.providerCustomer.id], face_value: 10 });
    assert.deepEqual((again.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000013']);
    assert.equal(await quotaBalance(t.deps, small), 500n);
  });

  it('refuses the whole request (400) for what concerns the quota, the face value or the limits', async () => {
    const body = (extra: Row) => ({ quota_id: quota, customer_ids: [w.customer.id], face_value: 1, ...extra });
    const before = await quotaBalance(t.deps, quota);
    // Quota missing, or another partner's: alike.
    const missing = await fails(issue(w.distributor, body({ quota_id: 'QT-NOPE' })), 400, 'CBC.99000012');
    const foreignQuota = await grantQuota(t.deps, w.otherDistributor);
    const foreign = await fails(issue(w.distributor, body({ quota_id: foreignQuota })), 400, 'CBC.99000012');
    assert.equal(foreign.errorMsg!.replace(foreignQuota, 'X'), missing.errorMsg!.replace('QT-NOPE', 'X'));
    // Quota status: adjusting, frozen, invalid.
    for (const status of [4, 5, 3]) {
      const q = await grantQuota(t.deps, w.distributor);
      await setCouponQuotaStatus(t.deps, q, status);
      await fails(issue(w.distributor, body({ quota_id: q })), 400, 'CBC.99000012');
    }
    // Not yet effective.
    const now = t.deps.clock.now();
    const later = await grantQuota(t.deps, w.distributor, { effectiveTime: plusDays(now, 10).toISOString(), expireTime: plusDays(now, 20).toISOString() });
    await fails(issue(w.distributor, body({ quota_id: later })), 400, 'CBC.99000017');
    // Face-value bounds.
    const bounded = await grantQuota(t.deps, w.distributor, { limits: { minFaceValue: '500', maxFaceValue: '1000' } });
    await fails(issue(w.distributor, body({ quota_id: bounded, face_value: 4.99 })), 400, 'CBC.99000018');
    await fails(issue(w.distributor, body({ quota_id: bounded, face_value: 10.01 })), 400, 'CBC.99000019');
    assert.equal((await issue(w.distributor, body({ quota_id: bounded, face_value: 10 }))).status, 200);
    // Service and product limits must be within the quota's; unknown ones do not exist at all.
    const ecs = productIdOf({ service: 'hws.service.type.ec2', resource: 'hws.resource.type.vm', spec: 's6.small.1.linux', region: 'cn-north-4' }, 'period');
    const limited = await grantQuota(t.deps, w.distributor, { limits: { serviceTypes: ['hws.service.type.ec2'], productBlackList: [ecs] } });
    await fails(issue(w.distributor, body({ quota_id: limited, cloud_service_types: ['hws.service.type.ebs'] })), 400, 'CBC.99000023');
    await fails(issue(w.distributor, body({ quota_id: limited, product_ids: [ecs] })), 400, 'CBC.99000023');
    await fails(issue(w.distributor, body({ quota_id: limited, cloud_service_types: ['hws.service.type.nope'] })), 400, 'CBC.50000055');
    await fails(issue(w.distributor, body({ quota_id: limited, product_ids: ['OFFI-NOPE'] })), 400, 'CBC.50000054');
    const ok = await issue(w.distributor, body({ quota_id: limited, cloud_service_types: ['hws.service.type.ec2'] }));
    const coupon = await couponOf(t.deps, (ok.body.coupon_infos as Row[])[0]!.coupon_id as string);
    assert.deepEqual(JSON.parse(coupon.limits).productBlackList, [ecs]);
    // Issuing to oneself, to a customer the quota is not designated for.
    await fails(issue(w.distributor, body({ customer_ids: [w.distributor.id] })), 400, 'CBC.99000025');
    const designated = await grantQuota(t.deps, w.distributor, { limits: { designatedCustomers: [w.customer2.id] } });
    await fails(issue(w.distributor, body({ quota_id: designated })), 400, 'CBC.50000020');
    assert.equal((await issue(w.distributor, body({ quota_id: designated, customer_ids: [w.customer2.id] }))).status, 200);
    // Request shape: 1..100 distinct customers, exact face value, a coupon window inside the quota's.
    await fails(issue(w.distributor, body({ customer_ids: [] })), 400, 'CBC.0100');
    await fails(issue(w.distributor, body({ customer_ids: Array.from({ length: 101 }, (_, i) => `c${i}`) })), 400, 'CBC.0100');
    await fails(issue(w.distributor, body({ customer_ids: [w.customer.id, w.customer.id] })), 400, 'CBC.0100');
    for (const face_value of [0, -1, 1.001, '1']) await fails(issue(w.distributor, body({ face_value })), 400, 'CBC.0100');
    await fails(issue(w.distributor, body({ expire_time: wireAt(plusDays(now, 400)) })), 400, 'CBC.0100');
    await fails(issue(w.distributor, body({ valid_time: '2026-13-01T00:00:00Z' })), 400, 'CBC.0100');
    await fails(issue(w.distributor, body({ cloud_service_types: Array.from({ length: 11 }, (_, i) => `s${i}`) })), 400, 'CBC.0100');
    // indirect_partner_id naming someone else's tier-2.
    await fails(issue(w.distributor, body({ indirect_partner_id: w.otherReseller.id })), 400, 'CBC.99000037');
    assert.equal(await quotaBalance(t.deps, quota), before);
  });

  it('refuses a face value JSON.parse would round, rather than round it', async () => {
    const raw = `{"quota_id":"${quota}","customer_ids":["${w.customer.id}"],"face_value":1.0000000000000001}`;
    const res = await signedFetch(t.url, w.distributor.creds!, {
      method: 'POST',
      path: '/v2/promotions/benefits/partner-coupons',
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Content-Sha256': createHash('sha256').update(raw).digest('hex') },
      body: {},
      tamper: (r) => {
        r.body = raw;
      },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 'CBC.0100');
  });

  it('keeps per-customer limits: at most N coupons (CBC.99000020) and a total face value (CBC.99000021)', async () => {
    const q = await grantQuota(t.deps, w.distributor, { limits: { maxCouponsPerCustomer: 2, maxFaceValuePerCustomer: '1500' } });
    const one = (face_value: number, ids = [w.customer.id]) => issue(w.distributor, { quota_id: q, customer_ids: ids, face_value });
    assert.equal(((await one(5)).body.coupon_infos as Row[]).length, 1);
    const tooMuch = await one(10.01);
    assert.deepEqual((tooMuch.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000021']);
    assert.equal(((await one(10)).body.coupon_infos as Row[]).length, 1);
    const third = await one(0.01, [w.customer.id, w.customer2.id]);
    assert.deepEqual((third.body.error_details as Row[]).map((e) => [e.id, e.error_code]), [[w.customer.id, 'CBC.99000020']]);
    assert.deepEqual((third.body.coupon_infos as Row[]).map((e) => e.id), [w.customer2.id]);
  });

  it('a tier-1 issues from its tier-2s quota for the tier-2s customer; the tier-2 sees it as its own', async () => {
    const tier2Quota = (await api(w.distributor).call('update_coupon_quotas', { body: { quota_id: quota, indirect_partner_ids: [w.reseller.id], quota_amount: 50 } })).body
      .simple_quota_infos as Row[];
    const childId = tier2Quota[0]!.quota_id as string;
    const res = await issue(w.distributor, { quota_id: childId, customer_ids: [w.resellerCustomer.id], face_value: 20, indirect_partner_id: w.reseller.id });
    assert.equal((res.body.coupon_infos as Row[]).length, 1);
    // Without indirect_partner_id, the tier-2 quota is not the tier-1's.
    await fails(issue(w.distributor, { quota_id: childId, customer_ids: [w.resellerCustomer.id], face_value: 1 }), 400, 'CBC.99000012');
    const seen = await issued(w.reseller, {});
    assert.equal(seen.total_count, 1);
    const viaTier1 = await issued(w.distributor, { indirect_partner_id: w.reseller.id });
    assert.deepEqual(viaTier1, seen);
    assert.equal(await quotaBalance(t.deps, childId), 3000n);
    // The tier-2 issues from it itself, too.
    assert.equal(((await issue(w.reseller, { quota_id: childId, customer_ids: [w.resellerCustomer.id], face_value: 1 })).body.coupon_infos as Row[]).length, 1);
  });

  it('reclaims a usable coupon whole (204), back to its quota, once; foreign and missing coupons answer alike', async () => {
    const res = await issue(w.distributor, { quota_id: quota, customer_ids: [w.customer.id], face_value: 7.5 });
    const couponId = (res.body.coupon_infos as Row[])[0]!.coupon_id as string;
    const before = await quotaBalance(t.deps, quota);
    const reclaimed = await api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: couponId } });
    assert.equal(reclaimed.status, 204);
    assert.equal(await quotaBalance(t.deps, quota), before + 750n);
    const c = (await issued(w.distributor, { coupon_id: couponId })).user_coupons as Row[];
    assert.equal(c[0]!.status, 5);
    assert.equal(c[0]!.balance, 0);
    const recs = await records(w.distributor, { coupon_ids: [couponId] });
    assert.deepEqual(recs.map((r) => [r.operation_type, r.operation_amount]), [['2', 7.5], ['1', 7.5]]);
    // Reclaimed already: 409; nothing moves.
    await fails(api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: couponId } }), 409, 'PBSS.0409');
    assert.equal(await quotaBalance(t.deps, quota), before + 750n);
    // Another partner's coupon answers like a missing one.
    const other = await grantQuota(t.deps, w.provider);
    const theirs = ((await issue(w.provider, { quota_id: other, customer_ids: [w.providerCustomer.id], face_value: 1 })).body.coupon_infos as Row[])[0]!.coupon_id as string;
    const foreign = await fails(api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: theirs } }), 400, 'CBC.0101');
    const missing = await fails(api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: 'CP-NOPE' } }), 400, 'CBC.0101');
    assert.equal(foreign.errorMsg!.replace(theirs, 'X'), missing.errorMsg!.replace('CP-NOPE', 'X'));
    await fails(api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: theirs, indirect_partner_id: w.otherReseller.id } }), 400, 'CBC.99000037');
    await fails(api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: '' } }), 400, 'CBC.0100');
  });

  it('lists issued coupons with filters, newest first, paged', async () => {
    const all = await issued(w.distributor, { limit: 100 });
    const coupons = all.user_coupons as Row[];
    assert.equal(all.total_count, coupons.length);
    const created = coupons.map((c) => String(c.create_time));
    assert.deepEqual(created, [...created].sort().reverse());
    const reclaimed = await issued(w.distributor, { status: 5 });
    assert.ok((reclaimed.user_coupons as Row[]).every((c) => c.status === 5));
    const page = await issued(w.distributor, { offset: 1, limit: 2 });
    assert.deepEqual((page.user_coupons as Row[]).map((c) => c.coupon_id), coupons.slice(1, 3).map((c) => c.coupon_id));
    assert.equal((await issued(w.distributor, { coupon_type: 4 })).total_count, 0);
    await fails(api(w.distributor).call('list_issued_partner_coupons', { query: { coupon_type: 2 } }), 400, 'CBC.0100');
    await fails(api(w.distributor).call('list_issued_partner_coupons', { query: { limit: 101 } }), 400, 'CBC.0100');
    await fails(api(w.distributor).call('list_issued_partner_coupons', { query: { create_time_begin: 'yesterday' } }), 400, 'CBC.0100');
    await fails(api(w.distributor).call('list_partner_coupons_record', { query: { operation_types: ['12'] } }), 400, 'CBC.0100');
    const reclaims = await records(w.distributor, { operation_types: ['2', '4'] });
    assert.ok(reclaims.length > 0 && reclaims.every((r) => r.operation_type === '2'));
  });

  it('is for partners: a customer calling the partner operations gets 403 CBC.0151', async () => {
    await fails(api(w.customer).call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [w.customer.id], face_value: 1 } }), 403, 'CBC.0151');
    await fails(api(w.customer).call('reclaim_partner_coupons', { body: { coupon_id: 'x' } }), 403, 'CBC.0151');
    await fails(api(w.customer).call('list_quota_coupons', { body: {} }), 403, 'CBC.0151');
  });
});
