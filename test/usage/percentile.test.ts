import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cmp, rat, type Rational } from '../../src/platform/rational.ts';
import { percentile95, splitPayment } from '../../src/modules/usage/index.ts';

const base = Date.parse('2026-03-01T00:00:00Z');
const point = (slot: number, n: number) => ({ at: new Date(base + slot * 300_000 + 17_000), value: rat(n) });

describe('95th percentile (pure)', () => {
  it('drops the top 5 % of 5-minute slots (rounded down) and bills the highest left', () => {
    const points = Array.from({ length: 100 }, (_, i) => point(i, i + 1));
    assert.equal(percentile95(points).value.n, 95n);
    assert.equal(percentile95(points.slice(0, 19)).value.n, 19n); // 19 slots: nothing dropped
    assert.equal(percentile95(points.slice(0, 20)).value.n, 19n);
    assert.deepEqual(percentile95([]), { value: rat(0), slots: 0 });
  });

  it('adds up reports of one slot', () => {
    assert.deepEqual(percentile95([point(0, 3), point(0, 4)]), { value: rat(7), slots: 1 });
  });

  it('is order-independent, bounded by the points, and at least as many slots are at or above it as the 5 % dropped + 1', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 8927 }), fc.integer({ min: 0, max: 100000 })), { minLength: 1, maxLength: 400 }), fc.integer(), (raw, seed) => {
        const points = raw.map(([s, v]) => point(s, v));
        const shuffled = [...points].sort((a, b) => ((a.value.n + BigInt(seed)) % 7n < (b.value.n + BigInt(seed)) % 7n ? -1 : 1));
        const a = percentile95(points);
        const b = percentile95(shuffled);
        assert.equal(cmp(a.value, b.value), 0);
        // Naive reference.
        const slots = new Map<number, bigint>();
        for (const [s, v] of raw) slots.set(s, (slots.get(s) ?? 0n) + BigInt(v));
        const sorted = [...slots.values()].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0));
        const expected: Rational = rat(sorted[Math.floor((sorted.length * 5) / 100)]!);
        assert.equal(cmp(a.value, expected), 0);
        assert.equal(a.slots, slots.size);
        const above = sorted.filter((x) => x >= expected.n).length;
        assert.ok(above >= Math.floor((sorted.length * 5) / 100) + 1);
      }),
    );
  });
});

describe('usage payment split (pure)', () => {
  it('pays cash first, then credit, and the rest is debt; the parts add up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10_000n }), fc.array(fc.bigInt({ min: 0n, max: 5_000n }), { maxLength: 20 }), (cash, credit, amounts) => {
        const { splits, left } = splitPayment({ cash, credit }, amounts);
        let paidCash = 0n;
        let paidCredit = 0n;
        splits.forEach((s, i) => {
          assert.equal(s.cash + s.credit + s.debt, amounts[i]);
          assert.ok(s.cash >= 0n && s.credit >= 0n && s.debt >= 0n);
          if (s.credit > 0n) assert.equal(cash - paidCash - s.cash, 0n, 'credit only once cash is gone');
          paidCash += s.cash;
          paidCredit += s.credit;
        });
        assert.equal(left.cash, cash - paidCash);
        assert.equal(left.credit, credit - paidCredit);
      }),
    );
  });
});
