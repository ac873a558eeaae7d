import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, expectSdkError, signedFetch, type SdkError } from '../support/sdk.ts';
import { DIALECT } from '../support/db.ts';
import { grantCreditLine, recordTopUp } from '../../src/modules/funds/index.ts';
import { createWorld, topUp, type Actor, type World } from './factories.ts';

type Row = Record<string, unknown>;

describe(`funds over the partner API (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  const api = (a: Actor) => bssClient(t.url, a.creds!);
  const entries = async () => Number((await t.deps.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** list_partner_balances as { account_type: row }. */
  const balances = async (a: Actor, indirectPartnerId?: string) => {
    const res = await api(a).call('list_partner_balances', { query: indirectPartnerId ? { indirect_partner_id: indirectPartnerId } : {} });
    assert.equal(res.status, 200);
    return Object.fromEntries((res.body.account_balances as Row[]).map((b) => [Number(b.account_type), b]));
  };
  const cash = async (a: Actor, indirect?: string) => (await balances(a, indirect))[1]!.amount;
  const customerAmount = async (partner: Actor, customer: Actor, indirect?: string) => {
    const res = await api(partner).call('list_customers_balances_detail', {
      body: { customer_infos: [{ customer_id: customer.id }], ...(indirect ? { indirect_partner_id: indirect } : {}) },
    });
    return (res.body.customer_balances as Row[])[0]?.amount;
  };
  const fails = async (p: Promise<unknown>, status: number, code: string): Promise<SdkError> => {
    const err = await expectSdkError(p);
    assert.equal(err.errorCode, code, err.errorMsg);
    assert.equal(err.status, status);
    return err;
  };

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
    await topUp(t.deps, w.distributor, 100_000n);
    await topUp(t.deps, w.provider, 50_000n);
  });
  after(async () => t.close());

  it('a partner funds a resale customer and reclaims from it, and every view agrees', async () => {
    const funded = await api(w.distributor).call('update_customer_account_amount', { body: { customer_id: w.customer.id, amount: 123.45 } });
    assert.equal(funded.status, 200);
    assert.match(String(funded.body.transfer_id), /^AD[0-9A-F]{24}$/);
    assert.equal(await cash(w.distributor), 876.55);
    assert.equal((await balances(w.distributor))[8]!.amount, 876.55);
    assert.equal(await customerAmount(w.distributor, w.customer), 123.45);
    const own = await api(w.customer).call('show_customer_account_balances');
    assert.equal((own.body.account_balances as Row[]).find((b) => b.account_type === 1)!.amount, 123.45);
    assert.equal(own.body.debt_amount, 0);
    assert.equal(own.body.currency, 'CNY');

    const reclaimed = await api(w.distributor).call('reclaim_to_partner_account', { body: { customer_id: w.customer.id, amount: 23.45 } });
    assert.equal(reclaimed.status, 200);
    assert.match(String(reclaimed.body.trans_id), /^RE[0-9A-F]{24}$/);
    assert.equal(await cash(w.distributor), 900);
    assert.equal(await customerAmount(w.distributor, w.customer), 100);
  });

  it('never reclaims more than the customer holds, nor allocates more than the partner may: CBC.99005003, nothing moves', async () => {
    const before = await entries();
    await fails(api(w.distributor).call('reclaim_to_partner_account', { body: { customer_id: w.customer.id, amount: 100.01 } }), 400, 'CBC.99005003');
    await fails(api(w.distributor).call('update_customer_account_amount', { body: { customer_id: w.customer.id, amount: 900.01 } }), 400, 'CBC.99005003');
    assert.equal(await entries(), before);
    assert.equal(await cash(w.distributor), 900);
    assert.equal(await customerAmount(w.distributor, w.customer), 100);
  });

  it('designated (earmarked) funds count in the balance but cannot be allocated', async () => {
    await recordTopUp(t.deps, { partnerId: w.provider.id, amount: 20_000n, designated: 15_000n, createdBy: 'test' });
    const b = await balances(w.provider);
    assert.equal(b[1]!.amount, 700);
    assert.equal(b[1]!.designated_amount, 150);
    assert.equal(b[8]!.amount, 550);
    await fails(api(w.provider).call('update_customer_account_amount', { body: { customer_id: w.providerCustomer.id, amount: 550.01 } }), 400, 'CBC.99005003');
    await api(w.provider).call('update_customer_account_amount', { body: { customer_id: w.providerCustomer.id, amount: 550 } });
    const after = await balances(w.provider);
    assert.equal(after[1]!.amount, 150);
    assert.equal(after[8]!.amount, 0);
  });

  it('refuses amounts that are not exact positive yuan with CBC.0100 naming the field, moving nothing', async () => {
    const before = await entries();
    for (const amount of [0, -1, 0.001, 1.005, 1e-7, 1e21, 100000000000.01, '10', null, true]) {
      const err = await fails(api(w.distributor).call('update_customer_account_amount', { body: { customer_id: w.customer.id, amount } }), 400, 'CBC.0100');
      assert.match(err.errorMsg!, /amount/);
    }
    await fails(api(w.distributor).call('reclaim_to_partner_account', { body: { customer_id: w.customer.id } }), 400, 'CBC.0100');
    // A number JSON.parse would round (1.0000000000000001 → 1) is refused, not rounded.
    const raw = `{"customer_id":"${w.customer.id}","amount":1.0000000000000001}`;
    const res = await signedFetch(t.url, w.distributor.creds!, {
      method: 'POST',
      path: '/v2/accounts/partner-accounts/adjust-amount',
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Content-Sha256': createHash('sha256').update(raw).digest('hex') },
      body: {},
      tamper: (r) => {
        r.body = raw;
      },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 'CBC.0100');
    assert.equal(await entries(), before);
  });

  it('funds resale customers only: referral → CBC.5021; foreign and missing customers answer alike (CBC.99000035)', async () => {
    await fails(api(w.distributor).call('update_customer_account_amount', { body: { customer_id: w.referralCustomer.id, amount: 1 } }), 400, 'CBC.5021');
    await fails(api(w.distributor).call('reclaim_to_partner_account', { body: { customer_id: w.referralCustomer.id, amount: 1 } }), 400, 'CBC.5021');
    const missing = 'f'.repeat(32);
    for (const op of ['update_customer_account_amount', 'reclaim_to_partner_account'] as const) {
      const foreign = await fails(api(w.distributor).call(op, { body: { customer_id: w.foreignCustomer.id, amount: 1 } }), 400, 'CBC.99000035');
      const none = await fails(api(w.distributor).call(op, { body: { customer_id: missing, amount: 1 } }), 400, 'CBC.99000035');
      assert.equal(foreign.errorMsg!.replace(w.foreignCustomer.id, 'ID'), none.errorMsg!.replace(missing, 'ID'));
    }
    // A tier-2's customer is not the tier-1's own: without indirect_partner_id it is foreign.
    await fails(api(w.distributor).call('update_customer_account_amount', { body: { customer_id: w.resellerCustomer.id, amount: 1 } }), 400, 'CBC.99000035');
  });

  it("a tier-1 funds its tier-2, and acting for it moves the tier-2's funds (the tier-2's balance is the one short)", async () => {
    const funded = await api(w.distributor).call('update_indirect_partner_account', { body: { indirect_partner_id: w.reseller.id, amount: 200 } });
    assert.match(String(funded.body.transfer_id), /^AD/);
    assert.equal(await cash(w.distributor), 700);
    assert.equal(await cash(w.distributor, w.reseller.id), 200);
    assert.equal(await cash(w.reseller), 200);

    const forTier2 = { customer_id: w.resellerCustomer.id, indirect_partner_id: w.reseller.id };
    await api(w.distributor).call('update_customer_account_amount', { body: { ...forTier2, amount: 50 } });
    assert.equal(await cash(w.reseller), 150);
    assert.equal(await cash(w.distributor), 700);
    assert.equal(await customerAmount(w.distributor, w.resellerCustomer, w.reseller.id), 50);
    const short = await fails(api(w.distributor).call('update_customer_account_amount', { body: { ...forTier2, amount: 150.01 } }), 400, 'CBC.99005003');
    assert.match(short.errorMsg!, /indirect partner/);
    await api(w.distributor).call('reclaim_to_partner_account', { body: { ...forTier2, amount: 10 } });
    assert.equal(await cash(w.reseller), 160);

    // The tier-2 funds its own customer from its own balance.
    await api(w.reseller).call('update_customer_account_amount', { body: { customer_id: w.resellerCustomer.id, amount: 60 } });
    assert.equal(await cash(w.reseller), 100);
    assert.equal(await customerAmount(w.reseller, w.resellerCustomer), 100);

    await fails(api(w.distributor).call('reclaim_indirect_partner_account', { body: { indirect_partner_id: w.reseller.id, amount: 100.01 } }), 400, 'CBC.99005003');
    const back = await api(w.distributor).call('reclaim_indirect_partner_account', { body: { indirect_partner_id: w.reseller.id, amount: 100 } });
    assert.match(String(back.body.trans_id), /^RE/);
    assert.equal(await cash(w.reseller), 0);
    assert.equal(await cash(w.distributor), 800);
  });

  it('a foreign or missing tier-2 answers CBC.99000037 everywhere, as does naming one without being its tier-1', async () => {
    for (const id of [w.otherReseller.id, 'e'.repeat(32), w.otherDistributor.id]) {
      await fails(api(w.distributor).call('update_indirect_partner_account', { body: { indirect_partner_id: id, amount: 1 } }), 400, 'CBC.99000037');
      await fails(api(w.distributor).call('reclaim_indirect_partner_account', { body: { indirect_partner_id: id, amount: 1 } }), 400, 'CBC.99000037');
      await fails(api(w.distributor).call('update_customer_account_amount', { body: { customer_id: w.customer.id, indirect_partner_id: id, amount: 1 } }), 400, 'CBC.99000037');
      await fails(api(w.distributor).call('list_partner_balances', { query: { indirect_partner_id: id } }), 400, 'CBC.99000037');
      await fails(api(w.distributor).call('list_partner_account_change_records', { query: { balance_type: 'BALANCE_TYPE_DEBIT', indirect_partner_id: id } }), 400, 'CBC.99000037');
      await fails(api(w.distributor).call('list_partner_adjust_records', { query: { indirect_partner_id: id } }), 400, 'CBC.99000037');
    }
    // Only a tier-1 acts for a tier-2 (partners' resolveActingPartner, shared by every operation);
    // a tier-2 may name itself.
    await fails(api(w.provider).call('list_partner_balances', { query: { indirect_partner_id: w.reseller.id } }), 400, 'CBC.99000037');
    await fails(api(w.reseller).call('update_customer_account_amount', { body: { customer_id: w.resellerCustomer.id, indirect_partner_id: w.otherReseller.id, amount: 1 } }), 400, 'CBC.99000037');
    assert.equal((await balances(w.reseller, w.reseller.id))[1]!.account_id, `${w.reseller.id}-1`);
  });

  it('only the documented roles may call: customers and tier-2s get 403 CBC.0151 on partner and tier-1 operations', async () => {
    await fails(api(w.customer).call('update_customer_account_amount', { body: { customer_id: w.customer.id, amount: 1 } }), 403, 'CBC.0151');
    await fails(api(w.reseller).call('update_indirect_partner_account', { body: { indirect_partner_id: w.reseller.id, amount: 1 } }), 403, 'CBC.0151');
    await fails(api(w.provider).call('reclaim_indirect_partner_account', { body: { indirect_partner_id: w.reseller.id, amount: 1 } }), 403, 'CBC.0151');
    await fails(api(w.distributor).call('show_customer_account_balances'), 403, 'CBC.0151');
  });

  it('income and expense records carry the documented trade types, filters, dates and pages', async () => {
    const list = (a: Actor, query: Record<string, unknown>) => api(a).call('list_partner_account_change_records', { query });
    const all = await list(w.distributor, { balance_type: 'BALANCE_TYPE_DEBIT', limit: 100 });
    const records = all.body.records as Row[];
    assert.equal(all.body.total_count, records.length);
    assert.equal(all.body.currency, 'CNY');
    const types = records.map((r) => `${r.trade_detail_type}/${r.type}`);
    assert.ok(types.includes('SOURCE_OPERAIION_RECHARGE/1'));
    assert.ok(types.includes('SOURCE_OPERATION_BEADJUST/2'));
    assert.ok(types.includes('SOURCE_OPERATION_BERETRIEVE/1'));
    const first = records.at(-1)!; // oldest: the top-up
    assert.equal(first.change_amount, '1000.00');
    assert.equal(first.balance_after_change, '1000.00');
    assert.equal(first.customer_id, undefined);
    const adjust = records.find((r) => r.trade_detail_type === 'SOURCE_OPERATION_BEADJUST' && r.customer_id === w.customer.id)!;
    assert.equal(adjust.account_name, w.customer.name);
    assert.match(String(adjust.trade_time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const times = records.map((r) => String(r.trade_time));
    assert.deepEqual([...times].sort().reverse(), times);

    const retrieves = await list(w.distributor, { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'BERETRIEVE', limit: 100 });
    assert.ok((retrieves.body.records as Row[]).every((r) => r.trade_detail_type === 'SOURCE_OPERATION_BERETRIEVE'));
    assert.equal(retrieves.body.total_count, records.filter((r) => r.trade_detail_type === 'SOURCE_OPERATION_BERETRIEVE').length);

    const page = await list(w.distributor, { balance_type: 'BALANCE_TYPE_DEBIT', offset: 1, limit: 2 });
    assert.deepEqual(page.body.records, records.slice(1, 3));
    assert.equal(page.body.total_count, records.length);

    const old = await list(w.distributor, { balance_type: 'BALANCE_TYPE_DEBIT', trade_time_begin: '2020-01-01', trade_time_end: '2020-12-31' });
    assert.equal(old.body.total_count, 0);
    const today = new Date(t.deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const todays = await list(w.distributor, { balance_type: 'BALANCE_TYPE_DEBIT', trade_time_begin: today, trade_time_end: today, limit: 100 });
    assert.equal(todays.body.total_count, records.length);

    for (const query of [
      {},
      { balance_type: 'CASH' },
      { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'NOPE' },
      { balance_type: 'BALANCE_TYPE_DEBIT', trade_time_begin: '2026/01/01' },
      { balance_type: 'BALANCE_TYPE_DEBIT', trade_time_begin: '2026-02-30' },
      { balance_type: 'BALANCE_TYPE_DEBIT', trade_time_begin: '2026-02-02', trade_time_end: '2026-02-01' },
      { balance_type: 'BALANCE_TYPE_DEBIT', limit: 0 },
      { balance_type: 'BALANCE_TYPE_DEBIT', offset: -1 },
    ]) {
      await fails(list(w.distributor, query), 400, 'CBC.0100');
    }

    // A tier-1 sees a tier-2's records; the tier-2 sees the same.
    const tier2 = await list(w.distributor, { balance_type: 'BALANCE_TYPE_DEBIT', indirect_partner_id: w.reseller.id, limit: 100 });
    const self = await list(w.reseller, { balance_type: 'BALANCE_TYPE_DEBIT', limit: 100 });
    assert.deepEqual(tier2.body, self.body);
    assert.ok((self.body.records as Row[]).some((r) => r.trade_detail_type === 'SOURCE_OPERATION_BEADJUST' && r.type === '1'));

    // Credit records.
    await grantCreditLine(t.deps, { partnerId: w.distributor.id, amount: 30_000n, createdBy: 'test' });
    const credit = await list(w.distributor, { balance_type: 'BALANCE_TYPE_CREDIT' });
    assert.equal(credit.body.total_count, 1);
    assert.equal((credit.body.records as Row[])[0]!.trade_detail_type, 'SOURCE_OPERAIION_ADJUST_CREDIT');
    const b = await balances(w.distributor);
    assert.equal(b[2]!.amount, 300);
    assert.equal(b[2]!.credit_amount, 300);
  });

  it('adjust records list allocations and reclaims to customers and tier-2s, with UTC time filters', async () => {
    const list = (a: Actor, query: Record<string, unknown>) => api(a).call('list_partner_adjust_records', { query });
    const all = await list(w.distributor, { limit: 100 });
    const records = all.body.records as Row[];
    assert.equal(all.body.total_count, records.length);
    assert.ok(records.every((r) => ['SOURCE_OPERATION_BEADJUST', 'SOURCE_OPERATION_BERETRIEVE'].includes(String(r.operation_type))));
    assert.ok(records.some((r) => r.customer_id === w.reseller.id && r.customer_name === w.reseller.name), 'tier-2 counts as a customer');
    assert.ok(records.some((r) => r.customer_id === w.customer.id && r.amount === '123.45' && r.currency === 'CNY' && r.measure_id === 1));

    const toReseller = await list(w.distributor, { customer_id: w.reseller.id, operation_type: 'SOURCE_OPERATION_BERETRIEVE' });
    assert.equal(toReseller.body.total_count, 1);
    const one = (toReseller.body.records as Row[])[0]!;
    assert.equal(one.amount, '100.00');
    const byTrans = await list(w.distributor, { trans_id: one.trans_id });
    assert.deepEqual(byTrans.body.records, [one]);

    const at = String(one.operation_time);
    assert.equal((await list(w.distributor, { trans_id: one.trans_id, operation_time_begin: at, operation_time_end: at })).body.total_count, 1);
    assert.equal((await list(w.distributor, { operation_time_end: '2020-01-01T00:00:00Z' })).body.total_count, 0);
    assert.equal((await list(w.distributor, { operation_type: '', customer_id: '', limit: 100 })).body.total_count, records.length);
    await fails(list(w.distributor, { operation_time_begin: '2026-01-01' }), 400, 'CBC.0100');
    await fails(list(w.distributor, { operation_type: 'SOURCE_OPERAIION_RECHARGE' }), 400, 'CBC.0100');

    const tier2 = await list(w.distributor, { indirect_partner_id: w.reseller.id, limit: 100 });
    assert.ok((tier2.body.records as Row[]).every((r) => r.customer_id === w.resellerCustomer.id));
    assert.equal(tier2.body.total_count, 3);
  });

  it("customer records are not for a partner's resale customers (CBC.99000084); a referral customer gets its own", async () => {
    await fails(api(w.customer).call('list_customer_account_change_records', { query: { balance_type: 'BALANCE_TYPE_DEBIT' } }), 400, 'CBC.99000084');
    const own = await api(w.referralCustomer).call('list_customer_account_change_records', { query: { balance_type: 'BALANCE_TYPE_DEBIT' } });
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.records, []);
    await fails(api(w.referralCustomer).call('list_customer_account_change_records', { query: { balance_type: 'X' } }), 400, 'CBC.0100');
  });

  it("customer balances: only the partner's resale customers appear, at most 100 per request", async () => {
    const ask = (a: Actor, ids: string[]) => api(a).call('list_customers_balances_detail', { body: { customer_infos: ids.map((customer_id) => ({ customer_id })) } });
    const res = await ask(w.distributor, [w.customer.id, w.referralCustomer.id, w.foreignCustomer.id, 'a'.repeat(32), w.customer2.id]);
    assert.deepEqual(
      (res.body.customer_balances as Row[]).map((b) => [b.customer_id, b.amount, b.debt_amount, b.currency, b.measure_id]),
      [
        [w.customer.id, 100, 0, 'CNY', 1],
        [w.customer2.id, 0, 0, 'CNY', 1],
      ],
    );
    await fails(ask(w.distributor, []), 400, 'CBC.0100');
    await fails(ask(w.distributor, Array.from({ length: 101 }, () => w.customer.id)), 400, 'CBC.0100');
  });
});
