import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { issuePartnerCoupons, verifyCoupons } from '../../src/modules/coupons/index.ts';
import { requestHash } from '../../src/platform/idempotency.ts';
import { rawCall } from '../funds/raw-call.ts';
import { callerOf, createWorld, grantQuota, quotaBalance, type Actor, type World } from './factories.ts';

const crash = (): never => {
  throw new Error('crash');
};

const PATHS = {
  issue: '/v2/promotions/benefits/partner-coupons',
  reclaim: '/v2/promotions/benefits/partner-coupons/reclaim',
  quotaAdjust: '/v2/partners/coupon-quotas/indirect-partner-adjust',
  quotaReclaim: '/v2/partners/coupon-quotas/indirect-partner-reclaim',
} as const;

type Row = Record<string, unknown>;

describe(`idempotency of coupon and quota requests (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const post = (a: Actor, path: string, body: unknown, key?: string) => rawCall(t.url, a.creds!, { method: 'POST', path, body, headers: key ? { 'X-Idempotency-Key': key } : {} });
  const count = async (table: 'coupons' | 'coupon_journal' | 'coupon_records' | 'coupon_quotas') =>
    Number((await t.deps.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
  });
  after(async () => {
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('a retried issue returns the first answer byte for byte and issues nothing more; another body under the key is 422', async () => {
    const quota = await grantQuota(t.deps, w.distributor, { fen: 10_000n });
    const key = randomUUID();
    const body = { quota_id: quota, customer_ids: [w.customer.id, w.customer2.id], face_value: 3 };
    const first = await post(w.distributor, PATHS.issue, body, key);
    assert.equal(first.status, 200, first.text);
    const coupons = await count('coupons');
    for (let i = 0; i < 3; i++) {
      const again = await post(w.distributor, PATHS.issue, { ...body }, key);
      assert.equal(again.status, 200);
      assert.equal(again.text, first.text);
    }
    assert.equal(await count('coupons'), coupons);
    assert.equal(await quotaBalance(t.deps, quota), 9_400n);
    const other = await post(w.distributor, PATHS.issue, { ...body, face_value: 4 }, key);
    assert.equal(other.status, 422);
    assert.equal(other.json.error_code, 'PBSS.0422');
    assert.equal(await count('coupons'), coupons);
  });

  it('a retried partial batch replays what was issued and issues only what failed', async () => {
    const quota = await grantQuota(t.deps, w.distributor, { fen: 2_500n });
    const key = randomUUID();
    const mine = { quota_id: quota, customer_ids: [w.customer.id, w.customer2.id, w.referralCustomer.id], face_value: 10 };
    // Quota for two coupons (25.00): the first two go, the referral customer is refused.
    const first = await post(w.distributor, PATHS.issue, mine, key);
    const ok1 = (first.json.coupon_infos as Row[]).map((c) => c.coupon_id);
    assert.equal(ok1.length, 2);
    assert.deepEqual((first.json.error_details as Row[]).map((e) => e.error_code), ['CBC.99000014']);
    assert.equal(await quotaBalance(t.deps, quota), 500n);
    // A retry replays both successes (the same coupons) and evaluates the failed one afresh.
    const again = await post(w.distributor, PATHS.issue, mine, key);
    assert.deepEqual((again.json.coupon_infos as Row[]).map((c) => c.coupon_id), ok1);
    assert.equal(await quotaBalance(t.deps, quota), 500n);
    assert.equal(Number((await t.deps.db.kysely.selectFrom('coupons').select((eb) => eb.fn.countAll().as('n')).where('quota_id', '=', quota).executeTakeFirstOrThrow()).n), 2);
  });

  it('an item refused for want of quota is issued on retry once quota is back; the others are not issued twice', async () => {
    const quota = await grantQuota(t.deps, w.distributor, { fen: 2_500n });
    const key = randomUUID();
    const body = { quota_id: quota, customer_ids: [w.customer.id, w.customer2.id], face_value: 20 };
    // 25.00 holds one coupon of 20.00: the second customer is refused (CBC.99000013).
    const first = await post(w.distributor, PATHS.issue, body, key);
    const issued = (first.json.coupon_infos as Row[]).map((c) => [c.id, c.coupon_id]);
    assert.deepEqual(issued.map(([id]) => id), [w.customer.id]);
    assert.deepEqual((first.json.error_details as Row[]).map((e) => [e.id, e.error_code]), [[w.customer2.id, 'CBC.99000013']]);
    // Quota comes back (the issued coupon is reclaimed), and the same request is retried.
    const reclaimed = await post(w.distributor, PATHS.reclaim, { coupon_id: issued[0]![1] });
    assert.equal(reclaimed.status, 204);
    const again = await post(w.distributor, PATHS.issue, body, key);
    assert.deepEqual((again.json.coupon_infos as Row[]).map((c) => [c.id, c.coupon_id]), [issued[0], [w.customer2.id, (again.json.coupon_infos as Row[])[1]!.coupon_id]]);
    assert.deepEqual(again.json.error_details, []);
    assert.equal(await quotaBalance(t.deps, quota), 500n);
    assert.equal(Number((await t.deps.db.kysely.selectFrom('coupons').select((eb) => eb.fn.countAll().as('n')).where('quota_id', '=', quota).executeTakeFirstOrThrow()).n), 2);
  });

  it('a batch that died half-way (the process crashed after some items) completes on retry without issuing twice', async () => {
    const quota = await grantQuota(t.deps, w.distributor, { fen: 10_000n });
    const request = { quotaId: quota, customerIds: [w.customer.id, w.customer2.id], faceValue: 100n };
    const claim = { scope: w.distributor.id, operation: 'create_partner_coupons', key: randomUUID(), requestHash: requestHash({ request: 'crash-test' }) };
    // Every id after the first crashes: a group commit may run the work again (see group-commit.ts),
    // and the crash must happen on every run, as a dead process's would.
    let made = 0;
    const crashing = { ...t.deps, ids: { ...t.deps.ids, prefixed: (p: string) => (++made >= 2 ? crash() : t.deps.ids.prefixed(p)) } };
    await assert.rejects(issuePartnerCoupons(crashing, callerOf(w.distributor), request, claim), /crash/);
    assert.equal(await quotaBalance(t.deps, quota), 9_900n);
    const done = await issuePartnerCoupons(t.deps, callerOf(w.distributor), request, claim);
    assert.deepEqual(done.coupon_infos!.map((c) => c.id), [w.customer.id, w.customer2.id]);
    assert.deepEqual(done.error_details, []);
    assert.equal(await quotaBalance(t.deps, quota), 9_800n);
    const first = await t.deps.db.kysely.selectFrom('coupons').select('id').where('quota_id', '=', quota).where('customer_id', '=', w.customer.id).execute();
    assert.deepEqual(first.map((c) => c.id), [done.coupon_infos![0]!.coupon_id]);
  });

  it('concurrent requests with one key issue once', async () => {
    const quota = await grantQuota(t.deps, w.provider, { fen: 100_000n });
    const key = randomUUID();
    const body = { quota_id: quota, customer_ids: [w.providerCustomer.id], face_value: 1 };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(w.provider, PATHS.issue, body, key)));
    assert.equal(new Set(answers.map((a) => a.text)).size, 1, answers.map((a) => a.text).join('\n'));
    assert.equal(await quotaBalance(t.deps, quota), 99_900n);
  });

  it('a retried reclaim answers 204 again and returns nothing more; without a key the second is refused', async () => {
    const quota = await grantQuota(t.deps, w.distributor, { fen: 1_000n });
    const couponId = ((await post(w.distributor, PATHS.issue, { quota_id: quota, customer_ids: [w.customer.id], face_value: 5 })).json.coupon_infos as Row[])[0]!.coupon_id;
    const key = randomUUID();
    const records = await count('coupon_records');
    for (let i = 0; i < 3; i++) assert.equal((await post(w.distributor, PATHS.reclaim, { coupon_id: couponId }, key)).status, 204);
    assert.equal(await count('coupon_records'), records + 1);
    assert.equal(await quotaBalance(t.deps, quota), 1_000n);
    assert.equal((await post(w.distributor, PATHS.reclaim, { coupon_id: couponId })).status, 409);
  });

  it('retried quota transfers and reclaims to tier-2s move once', async () => {
    const parent = await grantQuota(t.deps, w.distributor, { fen: 10_000n });
    const key = randomUUID();
    const body = { quota_id: parent, indirect_partner_ids: [w.reseller.id], quota_amount: 12.5 };
    const first = await post(w.distributor, PATHS.quotaAdjust, body, key);
    const again = await post(w.distributor, PATHS.quotaAdjust, body, key);
    assert.equal(again.text, first.text);
    assert.equal(await quotaBalance(t.deps, parent), 8_750n);
    const child = (first.json.simple_quota_infos as Row[])[0]!.quota_id;
    const rkey = randomUUID();
    const r1 = await post(w.distributor, PATHS.quotaReclaim, { quota_ids: [child] }, rkey);
    const r2 = await post(w.distributor, PATHS.quotaReclaim, { quota_ids: [child] }, rkey);
    assert.equal(r2.text, r1.text);
    assert.deepEqual(r1.json.error_details, []);
    assert.equal(await quotaBalance(t.deps, parent), 10_000n);
    assert.equal((await post(w.distributor, PATHS.quotaAdjust, { ...body, quota_amount: 1 }, key)).status, 422);
  });
});
