import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { allocateToCustomer, allocateToIndirectPartner, lowBalanceThreshold, reclaimFromCustomer } from '../../src/modules/funds/index.ts';
import { callerOf, createWorld, topUp, type World } from './factories.ts';

/** `balance.low` (for webhooks): written when a cash balance crosses below the threshold (100.00 by default), once per crossing. */
describe(`funds: balance.low events (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const lows = async (ownerId: string): Promise<Record<string, unknown>[]> =>
    (await t.deps.db.kysely.selectFrom('outbox_events').select(['aggregate_type', 'payload']).where('type', '=', 'balance.low').where('aggregate_id', '=', ownerId).orderBy('id').execute()).map((e) => ({
      aggregate: e.aggregate_type,
      ...(JSON.parse(e.payload) as Record<string, unknown>),
    }));

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps);
  });
  after(async () => t.close());

  it('reads LOW_BALANCE_THRESHOLD in yuan: unset 100.00, 0 turns it off, anything inexact is refused', () => {
    assert.equal(lowBalanceThreshold({}), 10_000n);
    assert.equal(lowBalanceThreshold({ LOW_BALANCE_THRESHOLD: '50' }), 5_000n);
    assert.equal(lowBalanceThreshold({ LOW_BALANCE_THRESHOLD: '0.00' }), 0n);
    for (const bad of ['abc', '-1', '1.005']) assert.throws(() => lowBalanceThreshold({ LOW_BALANCE_THRESHOLD: bad }), /LOW_BALANCE_THRESHOLD/);
  });

  it("announces a partner's cash crossing below 100.00 once, naming the partner", async () => {
    await topUp(t.deps, w.distributor, 15_000n);
    await allocateToCustomer(t.deps, callerOf(w.distributor), { customerId: w.customer.id, amount: 4_000n }); // 150 → 110: above
    assert.deepEqual(await lows(w.distributor.id), []);
    await allocateToCustomer(t.deps, callerOf(w.distributor), { customerId: w.customer.id, amount: 2_000n }); // 110 → 90: crosses
    await allocateToCustomer(t.deps, callerOf(w.distributor), { customerId: w.customer.id, amount: 1_000n }); // 90 → 80: already below
    assert.deepEqual(await lows(w.distributor.id), [
      { aggregate: 'account', owner_id: w.distributor.id, partner_id: w.distributor.id, balance_type: 1, balance: '90.00', threshold: '100.00' },
    ]);
  });

  it("announces a customer's crossing to the customer's partner, and a tier-1's own to the tier-1 only", async () => {
    // The customer holds 70.00; fund it to 150.00, then reclaim 60.00: 150 → 90 crosses.
    await topUp(t.deps, w.distributor, 100_000n);
    await allocateToCustomer(t.deps, callerOf(w.distributor), { customerId: w.customer.id, amount: 8_000n });
    await reclaimFromCustomer(t.deps, callerOf(w.distributor), { customerId: w.customer.id, amount: 6_000n });
    assert.deepEqual(await lows(w.customer.id), [
      { aggregate: 'customer', owner_id: w.customer.id, customer_id: w.customer.id, partner_id: w.distributor.id, balance_type: 1, balance: '90.00', threshold: '100.00' },
    ]);
    // The distributor funds its tier-2 down to below 100.00 of its own: its event names it, not the tier-2.
    const before = (await lows(w.distributor.id)).length;
    await allocateToIndirectPartner(t.deps, callerOf(w.distributor), { indirectPartnerId: w.reseller.id, amount: 100_000n });
    const own = (await lows(w.distributor.id)).slice(before);
    assert.equal(own.length, 1);
    assert.equal(own[0]!.partner_id, w.distributor.id);
  });
});
