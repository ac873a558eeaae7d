import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Transaction } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { AppError } from '../../src/platform/errors.ts';
import { advanceClock } from '../../src/modules/sandbox/index.ts';
import {
  consumeBenefits,
  expireCoupon,
  grantStoredValueCard,
  issuePartnerCoupons,
  listUsableBenefits,
  reclaimCustomerCoupons,
  reclaimPartnerCoupon,
  releaseBenefits,
  reserveBenefits,
  returnBenefits,
  verifyCoupons,
  type OrderScope,
} from '../../src/modules/coupons/index.ts';
import { callerOf, couponOf, createWorld, grantQuota, quotaBalance, type World } from './factories.ts';

const ECS = 'hws.service.type.ec2';

/** The API the orders module uses, each call in a transaction of the test's (standing for the order's). */
describe(`coupons and cards at order payment: reserve, consume, release, return (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  let quota: string;
  let serial = 0;
  const now = () => t.deps.clock.now().toISOString();
  const inTx = <T,>(fn: (trx: Transaction<DB>) => Promise<T>) => t.deps.db.kysely.transaction().execute(fn);
  const issue = async (fen: bigint, customer = w.customer, quotaId = quota, extra: { serviceTypes?: string[]; expireTime?: string } = {}) => {
    const res = await issuePartnerCoupons(t.deps, callerOf(w.distributor), {
      quotaId,
      customerIds: [customer.id],
      faceValue: fen,
      cloudServiceTypes: extra.serviceTypes ?? null,
      expireTime: extra.expireTime ?? null,
    });
    assert.deepEqual(res.error_details, []);
    return res.coupon_infos![0]!.coupon_id!;
  };
  const scope = (...lines: Array<[string, bigint]>): OrderScope => ({ subscribeType: 'new', lines: lines.map(([serviceTypeCode, amount], i) => ({ serviceTypeCode, productId: `P${i}`, amount })) });
  const order = () => `ORDER-${++serial}`;
  const refusal = async (p: Promise<unknown>, code = 'CBC.99003112') => {
    await assert.rejects(p, (e: unknown) => e instanceof AppError && e.code === code);
  };

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps);
    quota = await grantQuota(t.deps, w.distributor, { fen: 1_000_000n });
  });
  after(async () => {
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('holds what each coupon may pay, spends it at payment, and a used-up coupon becomes used (3)', async () => {
    const a = await issue(1000n);
    const b = await issue(5000n);
    const id = order();
    const reserved = await inTx((trx) => reserveBenefits(trx, { orderId: id, customerId: w.customer.id, at: now(), scope: scope(['ecs', 3000n], ['evs', 1500n]), benefitIds: [a, b] }));
    assert.equal(reserved.total, 4500n);
    assert.deepEqual(reserved.benefits.map((r) => [r.id, r.amount, r.lines]), [
      [a, 1000n, [{ index: 0, amount: 1000n }]],
      [b, 3500n, [{ index: 0, amount: 2000n }, { index: 1, amount: 1500n }]],
    ]);
    assert.equal((await couponOf(t.deps, a)).lock_order_id, id);
    // Held coupons cannot be reclaimed, nor held by another order.
    await assert.rejects(reclaimPartnerCoupon(t.deps, callerOf(w.distributor), { couponId: a }), (e: AppError) => e.code === 'PBSS.0409');
    await refusal(inTx((trx) => reserveBenefits(trx, { orderId: order(), customerId: w.customer.id, at: now(), scope: scope(['ecs', 100n]), benefitIds: [b] })));
    const spent = await inTx((trx) => consumeBenefits(trx, { orderId: id, at: now() }));
    assert.deepEqual(spent.map((s) => [s.id, s.amount]), [[a, 1000n], [b, 3500n]]);
    assert.deepEqual(await inTx((trx) => consumeBenefits(trx, { orderId: id, at: now() })), []);
    const ca = await couponOf(t.deps, a);
    assert.deepEqual([ca.status, ca.balance, ca.frozen, ca.lock_order_id], [3, 0n, 0n, null]);
    const cb = await couponOf(t.deps, b);
    assert.deepEqual([cb.status, cb.balance, cb.frozen], [2, 1500n, 0n]);
  });

  it("applies coupon limits: service types, subscribe type, the maximum deduction ratio (truncated to the fen)", async () => {
    const limited = await grantQuota(t.deps, w.distributor, { type: 1, limits: { serviceTypes: [ECS], subscribeTypes: ['new'], maxDeductionRatio: '0.3' } });
    const c = await issue(100_000n, w.customer, limited);
    const id = order();
    const r = await inTx((trx) => reserveBenefits(trx, { orderId: id, customerId: w.customer.id, at: now(), scope: scope(['evs', 5000n], [ECS, 3333n]), benefitIds: [c] }));
    assert.deepEqual(r.benefits[0]!.lines, [{ index: 1, amount: 999n }]);
    assert.equal(r.benefits[0]!.couponType, 4);
    await inTx((trx) => releaseBenefits(trx, { orderId: id, at: now() }));
    await refusal(inTx((trx) => reserveBenefits(trx, { orderId: order(), customerId: w.customer.id, at: now(), scope: scope(['evs', 5000n]), benefitIds: [c] })));
    await refusal(inTx((trx) => reserveBenefits(trx, { orderId: order(), customerId: w.customer.id, at: now(), scope: { ...scope([ECS, 100n]), subscribeType: 'renew' }, benefitIds: [c] })));
    const usable = await listUsableBenefits(t.deps.db.kysely, { customerId: w.customer.id, orderId: 'X', at: now(), scope: scope([ECS, 1000n]) });
    assert.equal(usable.find((u) => u.coupon?.id === c)!.maxAmount, 300n);
  });

  it('refuses what cannot pay: another customer’s coupon (like a missing one), a coupon named twice, one that would pay nothing', async () => {
    const theirs = await issue(100n, w.customer2);
    await refusal(inTx((trx) => reserveBenefits(trx, { orderId: order(), customerId: w.customer.id, at: now(), scope: scope(['ecs', 100n]), benefitIds: [theirs] })));
    await refusal(inTx((trx) => reserveBenefits(trx, { orderId: order(), customerId: w.customer.id, at: now(), scope: scope(['ecs', 100n]), benefitIds: ['CP-NOPE'] })));
    const a = await issue(100n);
    const b = await issue(100n);
    await refusal(inTx((trx) => reserveBenefits(trx, { orderId: order(), customerId: w.customer.id, at: now(), scope: scope(['ecs', 100n]), benefitIds: [a, a] })));
    await refusal(inTx((trx) => reserveBenefits(trx, { orderId: order(), customerId: w.customer.id, at: now(), scope: scope(['ecs', 100n]), benefitIds: [a, b] })));
    // The refusals rolled back: both are free.
    assert.equal((await couponOf(t.deps, a)).lock_order_id, null);
    assert.equal((await couponOf(t.deps, b)).lock_order_id, null);
  });

  it('releases holds on cancel, once; the coupon can then pay another order', async () => {
    const c = await issue(700n);
    const first = order();
    await inTx((trx) => reserveBenefits(trx, { orderId: first, customerId: w.customer.id, at: now(), scope: scope(['ecs', 500n]), benefitIds: [c] }));
    assert.deepEqual((await inTx((trx) => releaseBenefits(trx, { orderId: first, at: now() }))).map((r) => r.amount), [500n]);
    assert.deepEqual(await inTx((trx) => releaseBenefits(trx, { orderId: first, at: now() })), []);
    assert.deepEqual(await inTx((trx) => consumeBenefits(trx, { orderId: first, at: now() })), []);
    const second = order();
    await inTx((trx) => reserveBenefits(trx, { orderId: second, customerId: w.customer.id, at: now(), scope: scope(['ecs', 700n]), benefitIds: [c] }));
    await inTx((trx) => consumeBenefits(trx, { orderId: second, at: now() }));
    assert.equal((await couponOf(t.deps, c)).balance, 0n);
  });

  it('returns on refund: never more than was paid, once per refund id; a used coupon is usable again', async () => {
    const c = await issue(1000n);
    const id = order();
    await inTx(async (trx) => {
      await reserveBenefits(trx, { orderId: id, customerId: w.customer.id, at: now(), scope: scope(['ecs', 1000n]), benefitIds: [c] });
      await consumeBenefits(trx, { orderId: id, at: now() });
    });
    assert.equal((await couponOf(t.deps, c)).status, 3);
    const first = await inTx((trx) => returnBenefits(trx, { orderId: id, refundId: 'R1', at: now(), amounts: [{ id: c, amount: 400n }] }));
    assert.deepEqual(first.map((r) => [r.amount, r.to]), [[400n, 'benefit']]);
    assert.deepEqual(await inTx((trx) => returnBenefits(trx, { orderId: id, refundId: 'R1', at: now(), amounts: [{ id: c, amount: 400n }] })), []);
    const cc = await couponOf(t.deps, c);
    assert.deepEqual([cc.status, cc.balance], [2, 400n]);
    await refusal(inTx((trx) => returnBenefits(trx, { orderId: id, refundId: 'R2', at: now(), amounts: [{ id: c, amount: 601n }] })));
    const rest = await inTx((trx) => returnBenefits(trx, { orderId: id, refundId: 'R3', at: now() }));
    assert.deepEqual(rest.map((r) => r.amount), [600n]);
    assert.equal((await couponOf(t.deps, c)).balance, 1000n);
    await refusal(inTx((trx) => returnBenefits(trx, { orderId: id, refundId: 'R4', at: now(), amounts: [{ id: 'CP-OTHER', amount: 1n }] })));
  });

  it('a stored-value card pays any line, after the coupons', async () => {
    const card = await grantStoredValueCard(t.deps, { customerId: w.customer.id, cardName: 'card', amount: 10_000n, grantedBy: 'test' });
    const c = await issue(300n);
    const id = order();
    const r = await inTx((trx) => reserveBenefits(trx, { orderId: id, customerId: w.customer.id, at: now(), scope: scope(['ecs', 500n], ['obs', 200n]), benefitIds: [c, card.card_id!] }));
    assert.deepEqual(r.benefits.map((b) => [b.kind, b.amount]), [['coupon', 300n], ['card', 400n]]);
    await inTx((trx) => consumeBenefits(trx, { orderId: id, at: now() }));
    const back = await inTx((trx) => returnBenefits(trx, { orderId: id, refundId: 'R', at: now() }));
    assert.deepEqual(back.map((b) => [b.kind, b.amount, b.to]), [['coupon', 300n, 'benefit'], ['card', 400n, 'benefit']]);
  });

  it('unbinding takes back usable coupons (record 3), leaves held ones to the caller', async () => {
    const c1 = await issue(111n, w.customer2);
    const c2 = await issue(222n, w.customer2);
    const id = order();
    await inTx((trx) => reserveBenefits(trx, { orderId: id, customerId: w.customer2.id, at: now(), scope: scope(['ecs', 50n]), benefitIds: [c2] }));
    const before = await quotaBalance(t.deps, quota);
    const out = await inTx((trx) => reclaimCustomerCoupons(trx, { customerId: w.customer2.id, reason: 'unbind', at: now(), initiatorId: 'test' }));
    assert.ok(out.reclaimed.some((r) => r.couponId === c1 && r.amount === 111n));
    assert.deepEqual(out.held, [c2]);
    assert.ok((await quotaBalance(t.deps, quota)) >= before + 111n);
    assert.equal((await couponOf(t.deps, c1)).status, 5);
    const recs = await t.deps.db.kysely.selectFrom('coupon_records').select(['operation_type']).where('coupon_id', '=', c1).orderBy('id').execute();
    assert.deepEqual(recs.map((r) => r.operation_type), [1, 3]);
    await inTx((trx) => releaseBenefits(trx, { orderId: id, at: now() }));
  });

  it('a refund after the coupon expired goes to its quota (record 5); the expiry lifted the pending hold', async () => {
    const soon = new Date(t.deps.clock.now().getTime() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const paid = await issue(800n, w.customer, quota, { expireTime: soon });
    const pending = await issue(900n, w.customer, quota, { expireTime: soon });
    const paidOrder = order();
    const pendingOrder = order();
    await inTx(async (trx) => {
      await reserveBenefits(trx, { orderId: paidOrder, customerId: w.customer.id, at: now(), scope: scope(['ecs', 800n]), benefitIds: [paid] });
      await consumeBenefits(trx, { orderId: paidOrder, at: now() });
      await reserveBenefits(trx, { orderId: pendingOrder, customerId: w.customer.id, at: now(), scope: scope(['ecs', 300n]), benefitIds: [pending] });
    });
    await advanceClock(t.deps, 61);
    assert.equal(await expireCoupon(t.deps, pending), 'expired');
    assert.equal(await expireCoupon(t.deps, paid), 'nothing');
    // The pending order lost its hold: paying now spends nothing.
    assert.deepEqual(await inTx((trx) => consumeBenefits(trx, { orderId: pendingOrder, at: now() })), []);
    const before = await quotaBalance(t.deps, quota);
    const back = await inTx((trx) => returnBenefits(trx, { orderId: paidOrder, refundId: 'UNSUB-1', at: now() }));
    assert.deepEqual(back.map((b) => [b.amount, b.to]), [[800n, 'quota']]);
    assert.equal(await quotaBalance(t.deps, quota), before + 800n);
    const recs = await t.deps.db.kysely.selectFrom('coupon_records').select(['operation_type', 'amount']).where('coupon_id', '=', paid).orderBy('id').execute();
    assert.deepEqual(recs.map((r) => r.operation_type), [1, 5]);
  });
});
