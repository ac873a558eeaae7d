import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { add, cmp, eq, isNegative, mul, rat, sum, type Rational } from '../../src/platform/rational.ts';
import type { PriceRule, Tier } from '../../src/modules/catalog/index.ts';
import { graduated, onDemandAmount, periodAmount, planQuote, type DiscountGrant, type PlanLine } from '../../src/modules/rating/index.ts';

/** Properties of the pure pricing functions, over generated price books, requests and discounts. */

const decimal = (maxUnits: number, places: number) => fc.integer({ min: 0, max: maxUnits }).map((n) => rat(n, 10 ** places));

/** Ascending tier bounds with non-negative prices; the last tier is open. */
const tiers: fc.Arbitrary<Tier[]> = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 100000 }), { maxLength: 4 }), fc.array(decimal(10_000_000, 6), { minLength: 5, maxLength: 5 }))
  .map(([bounds, prices]) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    return [...sorted.map((b, i) => ({ upTo: rat(b), unitPrice: prices[i]! })), { upTo: null, unitPrice: prices[sorted.length]! }];
  });

const baseRule = (kind: PriceRule['kind'], basis: PriceRule['basis'], t: Tier[], extra: Partial<PriceRule> = {}): PriceRule => ({
  entryId: 'e',
  bookCode: 'b',
  kind,
  basis,
  tiers: basis === 'flat' ? [t[t.length - 1]!] : t,
  usageFactor: '',
  usageMeasureId: null,
  periodType: null,
  periodNum: null,
  monthsCappedByYear: false,
  maxPeriodNum: null,
  ...extra,
});

const grant = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  type: fc.constantFrom(605 as const, 606 as const, 607 as const),
  ratio: fc.integer({ min: 1, max: 10000 }).map((n) => rat(n, 10000)),
  serviceTypeCode: fc.option(fc.constantFrom('ecs', 'evs', 'cdn'), { nil: null }),
  chargeMode: fc.constantFrom('all' as const, 'period' as const, 'on_demand' as const),
});
const grants: fc.Arbitrary<DiscountGrant[]> = fc.uniqueArray(grant, { maxLength: 5, selector: (g) => g.id }).map((gs) =>
  gs.map((g) => ({ ...g, name: g.id, resourceTypeCode: null, effectiveFrom: '2020-01-01T00:00:00.000Z', effectiveTo: null })),
);
const lines: fc.Arbitrary<PlanLine[]> = fc
  .uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 5 }),
      service: fc.constantFrom('ecs', 'evs', 'cdn'),
      mode: fc.constantFrom('period' as const, 'on_demand' as const),
      num: fc.integer({ min: 0, max: 10 ** 12 }),
      den: fc.integer({ min: 1, max: 10 ** 6 }),
    }),
    { minLength: 1, maxLength: 12, selector: (l) => l.id },
  )
  .map((ls) => ls.map((l) => ({ id: l.id, productId: `P-${l.id}`, serviceTypeCode: l.service, resourceTypeCode: `${l.service}.r`, mode: l.mode, official: rat(l.num, l.den) })));

const nonNegative = (r: Rational) => !isNegative(r);
const AT = '2026-01-01T00:00:00.000Z';

describe('pricing properties', () => {
  it('a price is never negative, whatever the shape', () => {
    fc.assert(
      fc.property(tiers, decimal(10 ** 9, 4), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 36 }), (t, usage, size, count, months) => {
        for (const basis of ['flat', 'size', 'usage'] as const) assert.ok(nonNegative(onDemandAmount(baseRule('on_demand', basis, t), usage, rat(size), count)));
        const rules = [baseRule('period', 'size', t, { periodType: 2 }), baseRule('period', 'flat', t, { periodType: 3 }), baseRule('one_time', 'flat', t)];
        const p = periodAmount(rules, { periodType: 2, periodNum: months, size: rat(size), count, includeOneTime: true });
        assert.ok(p.ok && nonNegative(p.amount));
      }),
    );
  });

  it('graduated prices never fall as the quantity grows', () => {
    fc.assert(fc.property(tiers, decimal(10 ** 8, 3), decimal(10 ** 8, 3), (t, a, b) => cmp(graduated(add(a, b), t), graduated(a, t)) >= 0));
  });

  it('a discount never raises a price; every amount is official − discount and nothing is negative', () => {
    fc.assert(
      fc.property(lines, grants, fc.constantFrom(2, 6, 10), fc.boolean(), (ls, gs, places, allowed) => {
        const plan = planQuote({ lines: ls, discounts: gs, partnerDiscountAllowed: () => allowed, at: AT, places });
        for (const o of plan.options) {
          assert.ok(cmp(o.amount, o.official) <= 0);
          assert.ok(nonNegative(o.amount) && nonNegative(o.discount));
          assert.ok(eq(add(o.amount, o.discount), o.official));
          assert.ok(eq(sum(o.lines.map((l) => l.amount)), o.amount));
          for (const l of o.lines) assert.ok(cmp(l.amount, l.official) <= 0 && nonNegative(l.discount));
        }
        if (plan.best) for (const o of plan.options) assert.ok(cmp(plan.best.discount, o.discount) >= 0);
      }),
    );
  });

  it('12 months never cost more than the yearly price where the book says so', () => {
    fc.assert(
      fc.property(tiers, tiers, fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 50 }), (mt, yt, size, months, count) => {
        const rules = [baseRule('period', 'size', mt, { periodType: 2, monthsCappedByYear: true }), baseRule('period', 'size', yt, { periodType: 3 })];
        const price = (periodType: number, periodNum: number) => {
          const p = periodAmount(rules, { periodType, periodNum, size: rat(size), count, includeOneTime: false });
          assert.ok(p.ok);
          return p.amount;
        };
        assert.ok(cmp(price(2, 12), price(3, 1)) <= 0);
        // and in general n months never cost more than the years they start
        assert.ok(cmp(price(2, months), mul(price(3, 1), rat(Math.ceil(months / 12)))) <= 0);
      }),
    );
  });

  it('results are stable under reordering of the request', () => {
    fc.assert(
      fc.property(
        lines.chain((ls) => fc.tuple(fc.constant(ls), fc.shuffledSubarray(ls, { minLength: ls.length, maxLength: ls.length }))),
        grants,
        ([ls, shuffled], gs) => {
          const a = planQuote({ lines: ls, discounts: gs, partnerDiscountAllowed: () => true, at: AT, places: 6 });
          const b = planQuote({ lines: shuffled, discounts: [...gs].reverse(), partnerDiscountAllowed: () => true, at: AT, places: 6 });
          const byId = (p: typeof a) => new Map(p.lines.map((l) => [l.id, l.official]));
          assert.deepEqual(byId(a), byId(b));
          assert.ok(eq(a.official, b.official));
          assert.deepEqual(
            a.options.map((o) => [o.grant.id, o.amount, o.bestOffer]),
            b.options.map((o) => [o.grant.id, o.amount, o.bestOffer]),
          );
          const optionLines = (p: typeof a) => p.options.map((o) => new Map(o.lines.map((l) => [l.id, l.amount])));
          assert.deepEqual(optionLines(a), optionLines(b));
        },
      ),
    );
  });
});
