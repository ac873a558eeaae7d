import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addMonths, planAssociationChange, windowRefusal, type PastRequest } from '../../src/modules/associations/index.ts';

const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });
const side = fc.constantFrom('customer' as const, 'partner' as const, 'operator' as const);
const partner = fc.constantFrom('p1', 'p2');
const past = fc.array(fc.record({ side, partnerId: partner, requestedAt: instant.map((d) => d.toISOString()) }), { maxLength: 6 });

describe('customers: association rules (properties)', () => {
  it('adds calendar months, clamping the day to the end of the month and keeping the time', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -24, max: 24 }), (at, months) => {
        const r = addMonths(at, months);
        const monthIndex = at.getUTCFullYear() * 12 + at.getUTCMonth() + months;
        assert.equal(r.getUTCFullYear() * 12 + r.getUTCMonth(), monthIndex);
        const lastDay = new Date(Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0)).getUTCDate();
        assert.equal(r.getUTCDate(), Math.min(at.getUTCDate(), lastDay));
        assert.equal(r.toISOString().slice(10), at.toISOString().slice(10));
      }),
    );
    assert.equal(addMonths(new Date('2026-11-30T10:00:00.000Z'), 3).toISOString(), '2027-02-28T10:00:00.000Z');
    assert.equal(addMonths(new Date('2027-11-30T10:00:00.000Z'), 3).toISOString(), '2028-02-29T10:00:00.000Z');
  });

  it('refuses exactly until three months after the last request that counts, then allows', () => {
    fc.assert(
      fc.property(side, partner, past, instant, (who, p, earlier, now) => {
        const refusal = windowRefusal(who, p, now, earlier);
        const counts = (r: PastRequest) =>
          who === 'customer' ? r.side === 'customer' : who === 'partner' ? r.partnerId === p && (r.side === 'customer' || r.side === 'partner') : false;
        const blocking = earlier.filter((r) => counts(r) && addMonths(new Date(r.requestedAt), 3) > now);
        assert.equal(refusal !== null, blocking.length > 0);
        if (refusal) {
          const until = new Date(refusal.allowedFrom);
          assert.equal(windowRefusal(who, p, until, earlier), null);
          assert.notEqual(windowRefusal(who, p, new Date(until.getTime() - 1), earlier), null);
        }
      }),
    );
  });

  it('never limits the operator, and never limits one side by the other partner', () => {
    fc.assert(
      fc.property(past, instant, (earlier, now) => {
        assert.equal(windowRefusal('operator', 'p1', now, earlier), null);
        const others = earlier.map((r) => ({ ...r, partnerId: 'p2' }));
        assert.equal(windowRefusal('partner', 'p1', now, others), null);
      }),
    );
  });

  it('plans: reclaims only what a resale customer leaving resale holds; arrears block resale only; frozen always blocks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('unbind' as const, 'switch' as const),
        fc.constantFrom(1 as const, 2 as const),
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: -100n, max: 10n ** 12n }),
        (action, type, frozen, arrears, funded) => {
          const plan = planAssociationChange({ action, associationType: type, frozen, orderBlockers: [], arrears, partnerFunded: funded });
          assert.equal(plan.toType, action === 'switch' ? 3 - type : null);
          assert.equal(plan.reclaim, type === 2 && funded > 0n ? funded : 0n);
          assert.ok(plan.reclaim >= 0n);
          const kinds = plan.blockers.map((b) => b.kind);
          assert.equal(kinds.includes('account_frozen'), frozen);
          assert.equal(kinds.includes('arrears'), type === 2 && arrears > 0n);
          assert.equal(plan.couponReason, action === 'unbind' ? 'unbind' : 'association_switch');
        },
      ),
    );
  });
});
