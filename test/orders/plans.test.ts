import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addPeriod, chargeMoment, chooseBasis, fill, graceAndRetentionDays, nextDailyRetry, planPayment, splitEven } from '../../src/modules/orders/index.ts';

/** The pure parts of orders: the calendar, and how a payment is split. */
describe('the subscription calendar (UTC+8)', () => {
  it('adds months and years on the China calendar, clamping to the month end', () => {
    // 2026-01-31 10:00 China time
    assert.equal(addPeriod(new Date('2026-01-31T02:00:00Z'), 2, 1).toISOString(), '2026-02-28T02:00:00.000Z');
    assert.equal(addPeriod(new Date('2028-01-31T02:00:00Z'), 2, 1).toISOString(), '2028-02-29T02:00:00.000Z');
    assert.equal(addPeriod(new Date('2026-03-15T12:34:56Z'), 3, 2).toISOString(), '2028-03-15T12:34:56.000Z');
    // 2026-01-31 20:00 UTC is already 1 February in China: a month later is 1 March there.
    assert.equal(addPeriod(new Date('2026-01-31T20:00:00Z'), 2, 1).toISOString(), '2026-02-28T20:00:00.000Z');
    assert.equal(addPeriod(new Date('2026-11-30T00:00:00Z'), 2, 3).toISOString(), '2027-02-28T00:00:00.000Z');
  });

  it('charges at 03:00 China time, N days before the expiry day, and retries at the next 03:00', () => {
    // Expiry 2027-01-10 13:00 China time; seven days before: 2027-01-03 03:00 China = 2027-01-02T19:00Z.
    assert.equal(chargeMoment(new Date('2027-01-10T05:00:00Z'), 7).toISOString(), '2027-01-02T19:00:00.000Z');
    assert.equal(nextDailyRetry(new Date('2027-01-02T19:00:00Z')).toISOString(), '2027-01-03T19:00:00.000Z');
    assert.equal(nextDailyRetry(new Date('2027-01-02T18:59:59Z')).toISOString(), '2027-01-02T19:00:00.000Z');
  });

  it('grace and retention by customer level', () => {
    assert.deepEqual(graceAndRetentionDays('V5'), { grace: 7, retention: 15 });
    assert.deepEqual(graceAndRetentionDays('V3'), { grace: 7, retention: 7 });
    assert.deepEqual(graceAndRetentionDays('V2'), { grace: 1, retention: 7 });
    assert.deepEqual(graceAndRetentionDays(null), { grace: 1, retention: 1 });
  });
});

describe('payment plans (properties)', () => {
  const fenArb = fc.bigInt({ min: 0n, max: 100_000_000n });

  it('takes cash before credit, line by line, and every fen adds up', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fenArb, fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 6 }), fenArb, fenArb, (raw, cash, credit) => {
        const lines = raw.map(([official], i) => ({ id: `l${i}`, official }));
        const basis = chooseBasis(lines, [], null);
        const coupons = new Map(raw.map(([official, pct], i) => [`l${i}`, (official * BigInt(pct % 30)) / 100n]));
        const plan = planPayment(lines, basis, coupons, { cash, credit });
        const owed = raw.reduce((a, [official, pct]) => a + official - (official * BigInt(pct % 30)) / 100n, 0n);
        if (!plan.ok) {
          assert.ok(owed > cash + credit);
          return;
        }
        assert.equal(plan.cash + plan.credit, owed);
        assert.ok(plan.cash <= cash && plan.credit <= credit);
        if (plan.credit > 0n) assert.equal(plan.cash, cash, 'credit only once cash is used up');
        for (const l of plan.lines) assert.equal(l.cash + l.credit + l.coupon, l.amount);
      }),
      { numRuns: 1000 },
    );
  });

  it('splits and fills exactly', () => {
    fc.assert(
      fc.property(fenArb, fc.integer({ min: 1, max: 50 }), (amount, n) => {
        const parts = splitEven(amount, n);
        assert.equal(parts.reduce((a, b) => a + b, 0n), amount);
        assert.ok(parts[0]! - parts[n - 1]! <= 1n);
      }),
    );
    fc.assert(
      fc.property(fc.array(fenArb, { maxLength: 5 }), fc.array(fenArb, { minLength: 1, maxLength: 3 }), (needs, pools) => {
        const total = pools.reduce((a, b) => a + b, 0n);
        fc.pre(needs.reduce((a, b) => a + b, 0n) <= total);
        const taken = fill(needs, pools);
        taken.forEach((row, i) => assert.equal(row.reduce((a, b) => a + b, 0n), needs[i]));
        pools.forEach((p, j) => assert.ok(taken.reduce((a, row) => a + row[j]!, 0n) <= p));
      }),
    );
  });
});
