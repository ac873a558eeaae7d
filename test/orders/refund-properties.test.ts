import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { planRefund, unusedShare, type RefundablePeriod, type RefundMode } from '../../src/modules/orders/index.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { cmp, mul, rat, sum } from '../../src/platform/rational.ts';
import type { World } from '../funds/factories.ts';
import { balances, client, disk, eip, fund, giveCredit, ordersWorld, pay, placeOk, startOrdersApp, vm } from './support.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/** Contiguous paid periods of one resource: a purchase and its renewals, each paid from cash, credit and coupons. */
const periodsArb = fc
  .array(
    fc.record({
      days: fc.integer({ min: 1, max: 1100 }),
      cash: fc.bigInt({ min: 0n, max: 10_000_000n }),
      credit: fc.bigInt({ min: 0n, max: 10_000_000n }),
      coupon: fc.bigInt({ min: 0n, max: 1_000_000n }),
      refunded: fc.boolean(),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((xs) => {
    let start = T0;
    return xs.map((x, i): RefundablePeriod => {
      const p = { id: `p${i}`, resourceId: 'r', orderId: `o${i}`, startsAt: new Date(start).toISOString(), endsAt: new Date(start + x.days * DAY).toISOString(), paidCash: x.cash, paidCredit: x.credit, paidCoupon: x.coupon, refunded: x.refunded && i > 0 };
      start += x.days * DAY;
      return p;
    });
  });

const modeArb = fc.constantFrom<RefundMode>('unsubscribe', 'renewals_only', 'to_on_demand');

describe('the refund rule (properties)', () => {
  it('never refunds more than what was paid for the unused part, per period and balance type; refund + consumed + fee = paid', () => {
    fc.assert(
      fc.property(periodsArb, modeArb, fc.integer({ min: 0, max: 4000 * 24 }), fc.boolean(), fc.integer({ min: 0, max: 2000 }), (periods, mode, hours, window, feePermille) => {
        const at = new Date(T0 + hours * 3_600_000);
        const plan = planRefund({ mode, at, periods, purchasedAt: window ? new Date(T0) : null, rules: { noReasonDays: 5, feeRate: rat(feePermille % 1001, 1000) } });
        let paidTotal = 0n;
        for (const r of plan.periods) {
          const p = periods.find((x) => x.id === r.periodId)!;
          assert.equal(p.refunded, false, 'a refunded period is never refunded again');
          const unused = plan.noReason ? rat(1) : unusedShare(p, at);
          const refund = r.cash + r.credit;
          assert.ok(cmp(rat(refund), mul(rat(p.paidCash + p.paidCredit), unused)) <= 0, 'refund ≤ paid × unused share');
          assert.ok(cmp(rat(r.coupon), mul(rat(p.paidCoupon), unused)) <= 0, 'coupon back ≤ coupon paid × unused share');
          assert.ok(r.cash >= 0n && r.cash <= p.paidCash, 'cash back ≤ cash taken');
          assert.ok(r.credit >= 0n && r.credit <= p.paidCredit, 'credit back ≤ credit taken');
          assert.ok(r.consumed >= 0n && r.fee >= 0n);
          assert.equal(refund + r.consumed + r.fee, r.paid);
          if (mode === 'renewals_only') assert.ok(new Date(p.startsAt) > at, 'type 2 refunds periods not yet in force only');
          paidTotal += r.paid;
        }
        assert.equal(plan.cash + plan.credit + plan.consumed + plan.fee, paidTotal);
        const exactUnused = sum(plan.periods.map((r) => mul(rat(r.paid), plan.noReason ? rat(1) : r.unused)));
        assert.ok(cmp(rat(plan.cash + plan.credit), exactUnused) <= 0);
        if (mode !== 'unsubscribe') assert.equal(plan.fee, 0n);
      }),
      { numRuns: 2000 },
    );
  });

  it('within five days of the purchase an unsubscribe returns every fen paid, with no fee', () => {
    fc.assert(
      fc.property(periodsArb, fc.integer({ min: 0, max: 5 * 24 * 60 - 1 }), fc.integer({ min: 0, max: 1000 }), (periods, minutes, feePermille) => {
        const fresh = periods.map((p) => ({ ...p, refunded: false }));
        const at = new Date(T0 + minutes * 60_000);
        // Terms are at least a month long: none has ended within five days of the purchase.
        fc.pre(new Date(fresh[0]!.endsAt).getTime() > at.getTime());
        const plan = planRefund({ mode: 'unsubscribe', at, periods: fresh, purchasedAt: new Date(T0), rules: { noReasonDays: 5, feeRate: rat(feePermille, 1000) } });
        assert.equal(plan.noReason, true);
        assert.equal(plan.fee, 0n);
        assert.equal(plan.consumed, 0n);
        assert.equal(plan.cash, fresh.reduce((a, p) => a + p.paidCash, 0n));
        assert.equal(plan.credit, fresh.reduce((a, p) => a + p.paidCredit, 0n));
        assert.equal(plan.coupon, fresh.reduce((a, p) => a + p.paidCoupon, 0n));
      }),
      { numRuns: 500 },
    );
  });
});

describe(`pay, then unsubscribe at once (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
  });
  after(async () => t.close());

  it('returns the balances exactly, whatever was bought and however it was paid (the documented fee: none within five days)', async () => {
    const productArb = fc.oneof(
      fc.record({ kind: fc.constant('vm' as const), periodType: fc.constantFrom(2, 3), periodNum: fc.integer({ min: 1, max: 3 }), gb: fc.integer({ min: 10, max: 200 }), withDisk: fc.boolean() }),
      fc.record({ kind: fc.constant('eip' as const), periodType: fc.constantFrom(2, 3), periodNum: fc.integer({ min: 1, max: 3 }), gb: fc.constant(0), withDisk: fc.constant(false) }),
    );
    await fc.assert(
      fc.asyncProperty(productArb, fc.bigInt({ min: 0n, max: 300_000n }), fc.bigInt({ min: 0n, max: 300_000n }), async (p, cash, credit) => {
        const customer = w.customer;
        if (cash > 0n) await fund(t, w, customer, cash);
        if (credit > 0n) await giveCredit(t, customer, credit);
        await fund(t, w, customer, 200_000n);
        const start = await balances(t, customer.id);
        const products = p.kind === 'vm' ? [vm('m', p.periodType, p.periodNum), ...(p.withDisk ? [disk('d', 'm', p.gb, p.periodType, p.periodNum)] : [])] : [eip('m', p.periodType, p.periodNum)];
        const orderId = await placeOk(t, customer, products);
        const paid = await pay(t, customer, orderId);
        if (paid.status !== 204) {
          assert.equal(paid.body.error_code, 'CBC.99005003');
          return;
        }
        const main = await t.deps.db.kysely.selectFrom('subscription_resources').select('id').where('order_id', '=', orderId).where('is_main', '=', 1).executeTakeFirstOrThrow();
        await client(t, customer).call('cancel_resources_subscription', { body: { resource_ids: [main.id], unsubscribe_type: 1 } });
        assert.deepEqual(await balances(t, customer.id), start);
      }),
      { numRuns: 12 },
    );
    const report = await verifyLedger(t.deps.db.kysely);
    assert.equal(report.ok, true, report.problems.join('\n'));
  });
});
