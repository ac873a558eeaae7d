import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { grantStoredValueCard, verifyCoupons } from '../../src/modules/coupons/index.ts';
import { createWorld, fails, grantQuota, type Actor, type World } from './factories.ts';

type Row = Record<string, unknown>;

/**
 * Tenant closure (reliability I7): no partner sees or touches another's quotas, coupons or records;
 * a tier-2 only its own; a customer only its own. A foreign id answers exactly like a missing one.
 */
describe(`coupon tenancy: every answer lies in the caller's subtree (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const quotas: Record<string, string> = {};
  const coupons: Record<string, string> = {};
  const api = (a: Actor) => bssClient(t.url, a.creds!);
  const issue = async (a: Actor, quota: string, customer: Actor, extra: Row = {}) =>
    ((await api(a).call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [customer.id], face_value: 1, ...extra } })).body.coupon_infos as Row[])[0]!.coupon_id as string;
  /** Who each partner's subtree holds: itself, its tier-2s, and their customers. */
  let subtree: Record<string, Set<string>>;

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
    for (const p of [w.distributor, w.otherDistributor, w.provider]) quotas[p.id] = await grantQuota(t.deps, p, { fen: 100_000n });
    for (const [tier1, tier2] of [[w.distributor, w.reseller], [w.otherDistributor, w.otherReseller]] as const) {
      const res = await api(tier1).call('update_coupon_quotas', { body: { quota_id: quotas[tier1.id], indirect_partner_ids: [tier2.id], quota_amount: 100 } });
      quotas[tier2.id] = (res.body.simple_quota_infos as Row[])[0]!.quota_id as string;
    }
    coupons[w.customer.id] = await issue(w.distributor, quotas[w.distributor.id]!, w.customer);
    coupons[w.resellerCustomer.id] = await issue(w.reseller, quotas[w.reseller.id]!, w.resellerCustomer);
    coupons[w.foreignCustomer.id] = await issue(w.otherDistributor, quotas[w.otherDistributor.id]!, w.foreignCustomer);
    coupons[w.providerCustomer.id] = await issue(w.provider, quotas[w.provider.id]!, w.providerCustomer);
    await grantStoredValueCard(t.deps, { customerId: w.foreignCustomer.id, cardName: 'theirs', amount: 100n, grantedBy: 'test' });
    subtree = {
      [w.distributor.id]: new Set([w.distributor.id, w.reseller.id, w.customer.id, w.customer2.id, w.resellerCustomer.id, w.referralCustomer.id]),
      [w.reseller.id]: new Set([w.reseller.id, w.resellerCustomer.id]),
      [w.provider.id]: new Set([w.provider.id, w.providerCustomer.id]),
      [w.otherDistributor.id]: new Set([w.otherDistributor.id, w.otherReseller.id, w.foreignCustomer.id]),
    };
  });
  after(async () => {
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('each partner lists only its own quotas, coupons and records', async () => {
    const ownerOfQuota = new Map(Object.entries(quotas).map(([owner, q]) => [q, owner]));
    for (const p of [w.distributor, w.reseller, w.provider, w.otherDistributor]) {
      const qs = (await api(p).call('list_quota_coupons', { body: { limit: 100 } })).body.quotas as Row[];
      assert.deepEqual(qs.map((q) => ownerOfQuota.get(q.quota_id as string)), [p.id], `quotas of ${p.name}`);
      const issued = (await api(p).call('list_issued_partner_coupons', { query: { limit: 100 } })).body.user_coupons as Row[];
      assert.equal(issued.length, 1);
      assert.ok(issued.every((c) => subtree[p.id]!.has(c.customer_id as string)));
      const recs = (await api(p).call('list_partner_coupons_record', { query: { limit: 100 } })).body.records as Row[];
      assert.ok(recs.length > 0 && recs.every((r) => subtree[p.id]!.has(r.customer_id as string)));
      // Asking by a foreign coupon or customer finds nothing.
      const foreign = p.id === w.otherDistributor.id ? w.customer : w.foreignCustomer;
      assert.equal((await api(p).call('list_issued_partner_coupons', { query: { coupon_id: coupons[foreign.id] } })).body.total_count, 0);
      assert.equal((await api(p).call('list_issued_partner_coupons', { query: { customer_id: foreign.id } })).body.total_count, 0);
      assert.equal((await api(p).call('list_partner_coupons_record', { query: { coupon_ids: [coupons[foreign.id]!] } })).body.total_count, 0);
      assert.equal((await api(p).call('list_quota_coupons', { body: { quota_ids: [quotas[w.otherDistributor.id === p.id ? w.distributor.id : w.otherDistributor.id]!] } })).body.total_count, 0);
    }
  });

  it('a tier-1 reaches its own tier-2 only; a tier-2 reaches itself only; others may name nobody (CBC.99000037)', async () => {
    const viaTier1 = (await api(w.distributor).call('list_quota_coupons', { body: { indirect_partner_id: w.reseller.id } })).body.quotas as Row[];
    assert.deepEqual(viaTier1.map((q) => q.quota_id), [quotas[w.reseller.id]]);
    const self = (await api(w.reseller).call('list_quota_coupons', { body: { indirect_partner_id: w.reseller.id } })).body.quotas as Row[];
    assert.deepEqual(self.map((q) => q.quota_id), [quotas[w.reseller.id]]);
    const cases: Array<[Actor, string]> = [
      [w.distributor, w.otherReseller.id],
      [w.distributor, w.otherDistributor.id],
      [w.reseller, w.distributor.id],
      [w.reseller, w.otherReseller.id],
      [w.provider, w.reseller.id],
      [w.otherDistributor, w.reseller.id],
    ];
    for (const [who, named] of cases) {
      await fails(api(who).call('list_quota_coupons', { body: { indirect_partner_id: named } }), 400, 'CBC.99000037');
      await fails(api(who).call('list_issued_partner_coupons', { query: { indirect_partner_id: named } }), 400, 'CBC.99000037');
      await fails(api(who).call('list_partner_coupons_record', { query: { indirect_partner_id: named } }), 400, 'CBC.99000037');
      await fails(api(who).call('create_partner_coupons', { body: { quota_id: quotas[w.reseller.id], customer_ids: [w.resellerCustomer.id], face_value: 1, indirect_partner_id: named } }), 400, 'CBC.99000037');
      await fails(api(who).call('reclaim_partner_coupons', { body: { coupon_id: coupons[w.resellerCustomer.id], indirect_partner_id: named } }), 400, 'CBC.99000037');
    }
  });

  it("no partner touches another's quota or coupon: foreign answers like missing", async () => {
    const missingQuota = await fails(api(w.distributor).call('create_partner_coupons', { body: { quota_id: 'QT-MISSING', customer_ids: [w.customer.id], face_value: 1 } }), 400, 'CBC.99000012');
    for (const [who, theirs] of [
      [w.distributor, quotas[w.otherDistributor.id]!],
      [w.distributor, quotas[w.reseller.id]!],
      [w.reseller, quotas[w.distributor.id]!],
      [w.reseller, quotas[w.otherReseller.id]!],
      [w.provider, quotas[w.distributor.id]!],
    ] as const) {
      const err = await fails(api(who).call('create_partner_coupons', { body: { quota_id: theirs, customer_ids: [w.customer.id], face_value: 1 } }), 400, 'CBC.99000012');
      assert.equal(err.errorMsg!.replace(theirs, 'X'), missingQuota.errorMsg!.replace('QT-MISSING', 'X'));
    }
    const missingCoupon = await fails(api(w.distributor).call('reclaim_partner_coupons', { body: { coupon_id: 'CP-MISSING' } }), 400, 'CBC.0101');
    for (const [who, theirs] of [
      [w.distributor, coupons[w.foreignCustomer.id]!],
      [w.distributor, coupons[w.resellerCustomer.id]!],
      [w.reseller, coupons[w.customer.id]!],
      [w.otherDistributor, coupons[w.customer.id]!],
      [w.provider, coupons[w.customer.id]!],
    ] as const) {
      const err = await fails(api(who).call('reclaim_partner_coupons', { body: { coupon_id: theirs } }), 400, 'CBC.0101');
      assert.equal(err.errorMsg!.replace(theirs, 'X'), missingCoupon.errorMsg!.replace('CP-MISSING', 'X'));
    }
    // Issuing to another partner's customer from one's own quota.
    const res = await api(w.reseller).call('create_partner_coupons', { body: { quota_id: quotas[w.reseller.id], customer_ids: [w.customer.id, w.foreignCustomer.id], face_value: 1 } });
    assert.deepEqual((res.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000035', 'CBC.99000035']);
    // Nothing of theirs changed.
    const theirs = (await api(w.otherDistributor).call('list_issued_partner_coupons', { query: {} })).body.user_coupons as Row[];
    assert.deepEqual(theirs.map((c) => [c.coupon_id, c.status, c.balance]), [[coupons[w.foreignCustomer.id], 2, 1]]);
  });

  it("tier-2 quotas: a tier-1 sees and reclaims only what it passed down", async () => {
    const mine = (await api(w.distributor).call('list_issued_coupon_quotas', { query: { limit: 100 } })).body.quotas as Row[];
    assert.deepEqual(mine.map((q) => q.quota_id), [quotas[w.reseller.id]]);
    assert.equal((await api(w.distributor).call('list_issued_coupon_quotas', { query: { quota_id: quotas[w.otherReseller.id] } })).body.total_count, 0);
    const theirRecords = (await api(w.otherDistributor).call('list_coupon_quotas_records', { query: {} })).body.records as Row[];
    assert.ok(theirRecords.every((r) => r.indirect_partner_id === w.otherReseller.id));
    const foreign = await api(w.distributor).call('reclaim_coupon_quotas', { body: { quota_ids: [quotas[w.otherReseller.id]!, 'QT-MISSING'] } });
    const [a, b] = foreign.body.error_details as Row[];
    assert.equal(a!.error_code, 'CBC.99000012');
    assert.equal(String(a!.error_msg).replace(quotas[w.otherReseller.id]!, 'X'), String(b!.error_msg).replace('QT-MISSING', 'X'));
    // Its own top-level quota is not a tier-2 quota either.
    const own = await api(w.distributor).call('reclaim_coupon_quotas', { body: { quota_ids: [quotas[w.distributor.id]!] } });
    assert.deepEqual((own.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000012']);
    const passForeign = await api(w.distributor).call('update_coupon_quotas', { body: { quota_id: quotas[w.distributor.id], indirect_partner_ids: [w.otherReseller.id], quota_amount: 1 } });
    assert.deepEqual((passForeign.body.error_details as Row[]).map((e) => e.error_code), ['CBC.99000037']);
    await fails(api(w.distributor).call('update_coupon_quotas', { body: { quota_id: quotas[w.otherDistributor.id], indirect_partner_ids: [w.reseller.id], quota_amount: 1 } }), 400, 'CBC.99000012');
  });

  it('a customer sees only its own coupons, records and cards', async () => {
    for (const c of [w.customer, w.resellerCustomer, w.providerCustomer]) {
      const list = (await api(c).call('list_sub_customer_coupons', { query: { limit: 100 } })).body.user_coupons as Row[];
      assert.deepEqual(list.map((x) => x.coupon_id), [coupons[c.id]]);
      assert.equal((await api(c).call('list_sub_customer_coupons', { query: { coupon_id: coupons[w.foreignCustomer.id] } })).body.count, 0);
      const recs = (await api(c).call('list_customer_coupon_change_records', { query: { balance_type: 'BALANCE_TYPE_COUPON' } })).body.records as Row[];
      assert.deepEqual([...new Set(recs.map((r) => r.coupon_id))], [coupons[c.id]]);
      assert.equal((await api(c).call('list_customer_coupon_change_records', { query: { balance_type: 'BALANCE_TYPE_COUPON', coupon_id: coupons[w.foreignCustomer.id] } })).body.total_count, 0);
      assert.equal((await api(c).call('list_stored_value_cards', { query: { status: 1 } })).body.total_count, 0);
    }
  });
});
