import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Transaction } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, type SdkError } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import type { DB } from '../../src/platform/db/schema.ts';
import { AppError } from '../../src/platform/errors.ts';
import { toFen } from '../../src/platform/money.ts';
import { reserveBenefits, verifyCoupons } from '../../src/modules/coupons/index.ts';
import { createWorld, grantQuota, quotaBalance, type World } from './factories.ts';

type Row = Record<string, unknown>;

/**
 * Reliability I4/I5 under contention: concurrent issues never overdraw a quota; a coupon is
 * reclaimed once however many ask; a coupon is held by one order at a time.
 */
describe(`coupons under concurrency (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
  });
  after(async () => {
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('100 concurrent issues against one quota never overdraw it: exactly as many succeed as it holds', async () => {
    // 370.00 holds 37 coupons of 10.00.
    const quota = await grantQuota(t.deps, w.distributor, { fen: 37_000n });
    const client = bssClient(t.url, w.distributor.creds!);
    const customers = [w.customer.id, w.customer2.id];
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => client.call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [customers[i % 2]], face_value: 10 } })),
    );
    const ok = answers.flatMap((a) => a.body.coupon_infos as Row[]);
    const refused = answers.flatMap((a) => a.body.error_details as Row[]);
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(ok.length, 37);
    assert.equal(refused.length, 63);
    assert.ok(refused.every((e) => e.error_code === 'CBC.99000013'));
    assert.equal(new Set(ok.map((c) => c.coupon_id)).size, 37);
    assert.equal(await quotaBalance(t.deps, quota), 0n);
    const rows = await t.deps.db.kysely.selectFrom('coupons').select(['face_value']).where('quota_id', '=', quota).execute();
    assert.equal(rows.reduce((s, r) => s + toFen(r.face_value), 0n), 37_000n);
  });

  it('100 concurrent issues to one customer stop at the per-customer count (CBC.99000020)', async () => {
    const quota = await grantQuota(t.deps, w.provider, { fen: 100_000n, limits: { maxCouponsPerCustomer: 40 } });
    const client = bssClient(t.url, w.provider.creds!);
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => client.call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [w.providerCustomer.id], face_value: 7.77 } })),
    );
    const ok = answers.flatMap((a) => a.body.coupon_infos as Row[]).length;
    const codes = answers.flatMap((a) => (a.body.error_details as Row[]).map((e) => e.error_code));
    assert.equal(ok, 40);
    assert.ok(codes.every((c) => c === 'CBC.99000020'));
    assert.equal(await quotaBalance(t.deps, quota), 100_000n - 40n * 777n);
  });

  it('a coupon is reclaimed once, however many ask at the same time', async () => {
    const quota = await grantQuota(t.deps, w.distributor, { fen: 10_000n });
    const client = bssClient(t.url, w.distributor.creds!);
    const couponId = ((await client.call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [w.customer.id], face_value: 50 } })).body.coupon_infos as Row[])[0]!.coupon_id;
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.call('reclaim_partner_coupons', { body: { coupon_id: couponId } })));
    const ok = results.filter((r) => r.status === 'fulfilled' && r.value.status === 204).length;
    const conflicts = results.filter((r) => r.status === 'rejected' && (r.reason as SdkError).errorCode === 'PBSS.0409').length;
    assert.equal(ok, 1);
    assert.equal(conflicts, 19);
    assert.equal(await quotaBalance(t.deps, quota), 10_000n);
  });

  it('one order at a time holds a coupon', async () => {
    const quota = await grantQuota(t.deps, w.distributor, { fen: 10_000n });
    const client = bssClient(t.url, w.distributor.creds!);
    const couponId = ((await client.call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [w.customer2.id], face_value: 50 } })).body.coupon_infos as Row[])[0]!
      .coupon_id as string;
    const at = t.deps.clock.now().toISOString();
    const attempt = (i: number) =>
      t.deps.db.kysely.transaction().execute((trx: Transaction<DB>) =>
        reserveBenefits(trx, { orderId: `ORD-${i}`, customerId: w.customer2.id, at, scope: { subscribeType: 'new', lines: [{ serviceTypeCode: 's', productId: 'p', amount: 1000n }] }, benefitIds: [couponId] }),
      );
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => attempt(i)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(results.every((r) => r.status === 'fulfilled' || (r.reason instanceof AppError && r.reason.code === 'CBC.99003112')));
    const holds = await t.deps.db.kysely.selectFrom('coupon_holds').select('order_id').where('benefit_id', '=', couponId).where('status', '=', 'held').execute();
    assert.equal(holds.length, 1);
  });
});
