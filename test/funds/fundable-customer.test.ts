import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { AppError } from '../../src/platform/errors.ts';
import { BalanceType, verifyLedger } from '../../src/modules/ledger/index.ts';
import { seeFundableCustomer, withFundableCustomer, type SeenCustomer } from '../../src/modules/funds/funds-parties.ts';
import { moveFunds } from '../../src/modules/funds/move-funds.ts';
import { TRADE } from '../../src/modules/funds/trade-types.ts';
import { cashOf, createWorld, topUp, type World } from './factories.ts';

/**
 * Allocations and reclaims read the customer before their transaction, so that a group holding the
 * partner's balance does not wait on that read, and have the movement itself re-check it. Here the
 * customer changes between the read and the movement, as it could when another request unbinds it
 * meanwhile: the movement must not go ahead on the stale read.
 */
describe(`a customer read before the transaction is re-checked as the money moves (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  let n = 0;
  const allocate = (seen: SeenCustomer | null, customerId: string, fen = 100n) =>
    t.deps.db.kysely.transaction().execute((trx) =>
      withFundableCustomer(trx, w.distributor.id, customerId, seen, (customer, onlyIf) =>
        moveFunds(trx, {
          partnerId: w.distributor.id,
          kind: 'allocate',
          ref: `TEST-${process.pid}-${++n}`,
          initiatorId: w.distributor.id,
          at: new Date().toISOString(),
          from: { account: { ownerId: w.distributor.id, balanceType: BalanceType.cash }, names: customer },
          to: { account: { ownerId: customer.id, balanceType: BalanceType.cash } },
          amount: fen,
          trade: TRADE.partnerAdjust,
          shortOf: 'short',
          onlyIf,
        }),
      ),
    );
  const setCustomer = (id: string, change: { partner_id?: string; association_type?: number }) =>
    t.deps.db.kysely.updateTable('customers').set(change).where('id', '=', id).execute();
  const see = (customerId: string, laterMs = 0) => seeFundableCustomer(t.deps.db.kysely, w.distributor.id, customerId, t.deps.wallClock.now().getTime() + laterMs);
  const refusal = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, {});
    await topUp(t.deps, w.distributor, 100_000n);
  });
  after(async () => {
    assert.deepEqual((await verifyLedger(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  it('reads a fundable customer, and nothing for a referral, foreign or missing one', async () => {
    assert.deepEqual((await see(w.customer.id))?.party, { id: w.customer.id, name: w.customer.name });
    for (const id of [w.referralCustomer.id, w.foreignCustomer.id, 'f'.repeat(32)]) {
      assert.equal(await see(id), null);
    }
  });

  it('moves when the customer is as it was read', async () => {
    const seen = await see(w.customer.id);
    await allocate(seen, w.customer.id);
    assert.equal(await cashOf(t.deps, w.customer.id), 100n);
  });

  it('keeps what it read for a few seconds, and reads again once a movement found it stale', async () => {
    const seen = await see(w.customer.id);
    assert.ok(seen);
    const renamed = `${w.customer.name.slice(0, 24)}-renamed`;
    await t.deps.db.kysely.updateTable('accounts').set({ name: renamed }).where('id', '=', w.customer.id).execute();
    // Within its few seconds the old read comes back (a hint; nothing trusts it alone)...
    assert.equal((await see(w.customer.id))?.party.name, w.customer.name);
    // ...and a movement under it finds the name changed, reads the customer again and records the new name.
    await allocate(seen, w.customer.id);
    const record = await t.deps.db.kysely.selectFrom('funds_records').select('counterparty_name').where('owner_id', '=', w.distributor.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(record.counterparty_name, renamed);
    assert.equal((await see(w.customer.id))?.party.name, renamed, 'read again');
    // Later than its few seconds, it is read again too.
    await t.deps.db.kysely.updateTable('accounts').set({ name: w.customer.name }).where('id', '=', w.customer.id).execute();
    assert.equal((await see(w.customer.id, 60_000))?.party.name, w.customer.name);
  });

  it('refuses with the right code when the customer became a referral one, or another partner’s, after it was read', async () => {
    const seen = await see(w.customer2.id);
    assert.ok(seen);
    const before = { partner: await cashOf(t.deps, w.distributor.id), customer: await cashOf(t.deps, w.customer2.id) };
    await setCustomer(w.customer2.id, { association_type: 1 });
    await assert.rejects(allocate(seen, w.customer2.id), refusal('CBC.5021'));
    await setCustomer(w.customer2.id, { association_type: 2, partner_id: w.otherDistributor.id });
    await assert.rejects(allocate(seen, w.customer2.id), refusal('CBC.99000035'));
    assert.deepEqual({ partner: await cashOf(t.deps, w.distributor.id), customer: await cashOf(t.deps, w.customer2.id) }, before);
    // Back with its partner: the same stale read moves again.
    await setCustomer(w.customer2.id, { partner_id: w.distributor.id });
    await allocate(seen, w.customer2.id);
    assert.equal(await cashOf(t.deps, w.customer2.id), before.customer + 100n);
  });

  it('checks in the transaction when nothing was read, or when the read named another customer', async () => {
    await assert.rejects(allocate(null, w.referralCustomer.id), refusal('CBC.5021'));
    const other = await see(w.customer.id);
    await assert.rejects(allocate(other, w.foreignCustomer.id), refusal('CBC.99000035'));
    const before = await cashOf(t.deps, w.customer.id);
    await allocate(null, w.customer.id);
    assert.equal(await cashOf(t.deps, w.customer.id), before + 100n);
  });

  it('still names a shortfall when the customer holds', async () => {
    const count = async () => Number((await sql<{ n: number | string }>`select count(*) as n from ledger_entries`.execute(t.deps.db.kysely)).rows[0]!.n);
    const before = await count();
    const seen = await see(w.customer.id);
    await assert.rejects(allocate(seen, w.customer.id, 10_000_000n), refusal('CBC.99005003'));
    assert.equal(await count(), before);
  });
});
