import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { expectSdkError } from '../support/sdk.ts';
import { verifyLedger } from '../../src/modules/ledger/index.ts';
import { verifyCoupons } from '../../src/modules/coupons/index.ts';
import { creds } from './helpers.ts';
import {
  api,
  as,
  changeCounts,
  customerAssociation,
  customerCash,
  customerDecides,
  expectError,
  expectOk,
  fund,
  fundedWorld,
  issueCoupon,
  operatorAsks,
  partnerAsks,
  partnerCash,
  partnerDecides,
  type Row,
} from './association-support.ts';

/**
 * Unbinding and switching association type through the partner, customer and operator planes,
 * and their effects seen through the partner API: records, balances, coupons, the customer list.
 */
describe(`customers: association changes (${DIALECT})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    const ledger = await verifyLedger(t.deps.db.kysely);
    assert.deepEqual(ledger.problems, []);
    assert.deepEqual((await verifyCoupons(t.deps.db.kysely)).problems, []);
    await t.close();
  });

  const listed = async (partner: Parameters<typeof api>[1], customerId: string, extra: Row = {}) =>
    (await api(t, partner).call('list_sub_customers', { body: { customer_id: customerId, ...extra } })).body.customer_infos as Row[];

  it('unbinds a resale customer when it confirms its partner\'s request: balance back as BEUNBIND, coupons reclaimed (record 3), gone from the list', async () => {
    const w = await fundedWorld(t);
    await fund(t, w.distributor, w.customer, 123.45);
    const coupon = await issueCoupon(t, w.distributor, w.customer, 10);
    assert.equal(await partnerCash(t, w.distributor), 876.55);

    const preview = expectOk(await as(t, w.distributor.creds!, 'POST', '/partner/v1/association-requests/preview', { customer_id: w.customer.id, action: 'unbind' }));
    assert.deepEqual(
      { allowed: preview.allowed, reclaim: preview.reclaim_amount, blockers: preview.blockers, window: preview.window, code: preview.requires_verification_code },
      { allowed: true, reclaim: 123.45, blockers: [], window: null, code: false },
    );

    const asked = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'unbind', { reason: 'contract ended' }), 201);
    assert.equal(asked.status, 'pending');
    assert.equal(asked.initiator, 'partner');
    assert.equal(asked.from_association_type, 2);
    assert.equal(asked.to_association_type, null);
    assert.equal(asked.requires_verification_code, false);
    // Nothing moves before the customer confirms.
    assert.equal(await customerCash(t, w.customer), 123.45);
    const mine = await customerAssociation(t, w.customer);
    assert.equal((mine.open_request as Row).id, asked.id);

    const done = expectOk(await customerDecides(t, w.customer, String(asked.id), 'confirm'));
    assert.equal(done.status, 'completed');
    const outcome = done.outcome as Row;
    assert.equal(outcome.reclaimed_amount, 123.45);
    assert.match(String(outcome.trans_id), /^UB[0-9A-F]{24}$/);
    assert.deepEqual(outcome.reclaimed_coupons, [{ coupon_id: coupon, amount: 10 }]);

    // The partner's records show the reclaim, naming the customer.
    const changes = await api(t, w.distributor).call('list_partner_account_change_records', { query: { balance_type: 'BALANCE_TYPE_DEBIT', trade_type: 'BEUNBIND' } });
    assert.deepEqual(
      (changes.body.records as Row[]).map((r) => [r.trade_detail_type, r.type, r.change_amount, r.balance_after_change, r.trade_id, r.customer_id, r.account_name]),
      [['SOURCE_OPERATION_BEUNBIND', '1', '123.45', '1000.00', outcome.trans_id, w.customer.id, w.customer.name]],
    );
    const adjusts = await api(t, w.distributor).call('list_partner_adjust_records', { query: { operation_type: 'SOURCE_OPERATION_BEUNBIND' } });
    assert.deepEqual(
      (adjusts.body.records as Row[]).map((r) => [r.operation_type, r.amount, r.customer_id, r.customer_name, r.trans_id]),
      [['SOURCE_OPERATION_BEUNBIND', '123.45', w.customer.id, w.customer.name, outcome.trans_id]],
    );
    const couponRecords = await api(t, w.distributor).call('list_partner_coupons_record', { query: { operation_types: ['3'] } });
    assert.deepEqual(
      (couponRecords.body.records as Row[]).map((r) => [r.coupon_id, r.operation_amount, r.result]),
      [[coupon, 10, '0']],
    );
    assert.equal(await partnerCash(t, w.distributor), 1000);
    assert.equal(await customerCash(t, w.customer), 0);

    // The customer is no longer the partner's.
    assert.deepEqual(await listed(w.distributor, w.customer.id), []);
    assert.deepEqual((await api(t, w.distributor).call('list_customers_balances_detail', { body: { customer_infos: [{ customer_id: w.customer.id }] } })).body.customer_balances, []);
    const err = await expectSdkError(api(t, w.distributor).call('update_customer_account_amount', { body: { customer_id: w.customer.id, amount: 1 } }));
    assert.equal(err.errorCode, 'CBC.99000035');
    expectError(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 400, 'CBC.99000035');
    // The other customers stay.
    assert.equal((await listed(w.distributor, w.customer2.id)).length, 1);

    const history = await customerAssociation(t, w.customer);
    assert.equal(history.current, null);
    assert.equal(history.open_request, null);
    assert.deepEqual(
      (history.history as Row[]).map((h) => [h.partner_id, h.association_type, h.end_reason, h.request_id]),
      [[w.distributor.id, 2, 'unbind', asked.id]],
    );
    // An unbound customer has nobody to unbind from.
    expectError(await as(t, w.customer.creds!, 'POST', '/customer/v1/association-requests', { action: 'unbind' }), 400, 'PBSS.2007');
  });

  it('switches resale to referral (BEUNBIND, coupon record 8) and back through the operator; the list shows each type', async () => {
    const w = await fundedWorld(t);
    await fund(t, w.distributor, w.customer, 50);
    const coupon = await issueCoupon(t, w.distributor, w.customer, 5);
    const asked = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 201);
    assert.deepEqual([asked.from_association_type, asked.to_association_type], [2, 1]);
    const done = expectOk(await customerDecides(t, w.customer, String(asked.id), 'confirm'));
    assert.equal((done.outcome as Row).reclaimed_amount, 50);
    assert.deepEqual((done.outcome as Row).reclaimed_coupons, [{ coupon_id: coupon, amount: 5 }]);

    const [info] = await listed(w.distributor, w.customer.id);
    assert.equal(info!.association_type, '1');
    assert.equal(info!.associated_on, String(done.decided_at));
    assert.equal((await listed(w.distributor, w.customer.id, { association_type: '2' })).length, 0);
    const recs = await api(t, w.distributor).call('list_partner_coupons_record', { query: { operation_types: ['8'], coupon_ids: [coupon] } });
    assert.deepEqual((recs.body.records as Row[]).map((r) => [r.operation_type, r.operation_amount]), [['8', 5]]);
    const adjusts = await api(t, w.distributor).call('list_partner_adjust_records', { query: { operation_type: 'SOURCE_OPERATION_BEUNBIND', customer_id: w.customer.id } });
    assert.equal((adjusts.body.records as Row[])[0]!.amount, '50.00');
    // A referral customer cannot be funded.
    assert.equal((await expectSdkError(api(t, w.distributor).call('update_customer_account_amount', { body: { customer_id: w.customer.id, amount: 1 } }))).errorCode, 'CBC.5021');

    // The partner may not switch it again for three months; the operator may.
    expectError(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 400, 'PBSS.2003');
    const back = expectOk(await operatorAsks(t, creds('operator'), w.customer.id, 'switch'), 201);
    assert.deepEqual([back.initiator, back.from_association_type, back.to_association_type], ['operator', 1, 2]);
    const resale = expectOk(await customerDecides(t, w.customer, String(back.id), 'confirm'));
    assert.equal((resale.outcome as Row).reclaimed_amount, 0);
    assert.equal((resale.outcome as Row).trans_id, null);
    assert.equal((await listed(w.distributor, w.customer.id))[0]!.association_type, '2');
    await fund(t, w.distributor, w.customer, 1);

    const history = expectOk(await as(t, creds('operator'), 'GET', `/operator/v1/customers/${w.customer.id}/association`));
    assert.deepEqual((history.history as Row[]).map((h) => [h.association_type, h.end_reason]), [[1, 'switch'], [2, 'switch']]);
    assert.deepEqual((history.current as Row).association_type, 2);
  });

  it("lets the partner approve or reject a customer's own request", async () => {
    const w = await fundedWorld(t);
    await fund(t, w.distributor, w.customer, 20);
    const own = expectOk(await as(t, w.customer.creds!, 'POST', '/customer/v1/association-requests', { action: 'unbind', reason: 'moving on' }), 201);
    assert.equal(own.initiator, 'customer');
    assert.equal(own.requires_verification_code, false);
    // The customer does not confirm its own request; the partner does not confirm for the customer.
    expectError(await customerDecides(t, w.customer, String(own.id), 'confirm'), 403, 'CBC.0151');
    const listedForPartner = expectOk(await as(t, w.distributor.creds!, 'GET', '/partner/v1/association-requests', undefined, { status: 'pending' }));
    assert.deepEqual((listedForPartner.requests as Row[]).map((r) => r.id), [own.id]);
    const rejected = expectOk(await partnerDecides(t, w.distributor, String(own.id), 'reject', { note: 'talk to us first' }));
    assert.deepEqual([rejected.status, rejected.decision_note], ['declined', 'talk to us first']);
    assert.equal(await customerCash(t, w.customer), 20);
    expectError(await partnerDecides(t, w.distributor, String(own.id), 'approve'), 409, 'PBSS.2006');

    // Another customer's request, approved: the change happens at once.
    const second = expectOk(await as(t, w.customer2.creds!, 'POST', '/customer/v1/association-requests', { action: 'unbind' }), 201);
    const approved = expectOk(await partnerDecides(t, w.distributor, String(second.id), 'approve'));
    assert.equal(approved.status, 'completed');
    assert.equal(approved.decided_by, w.distributor.id);
    assert.deepEqual(await listed(w.distributor, w.customer2.id), []);
  });

  it('lets a tier-1 act on its tier-2\'s customers only with indirect_partner_id; the tier-2 is the one reclaimed to', async () => {
    const w = await fundedWorld(t);
    await fund(t, w.reseller, w.resellerCustomer, 30);
    expectError(await partnerAsks(t, w.distributor, w.resellerCustomer.id, 'unbind'), 400, 'CBC.99000035');
    const asked = expectOk(await partnerAsks(t, w.distributor, w.resellerCustomer.id, 'unbind', { indirect_partner_id: w.reseller.id }), 201);
    assert.equal(asked.partner_id, w.reseller.id);
    assert.equal(asked.initiated_by, w.distributor.id);
    // The tier-2 sees it too; the tier-1 only when it names the tier-2.
    expectOk(await as(t, w.reseller.creds!, 'GET', `/partner/v1/association-requests/${asked.id}`));
    expectError(await as(t, w.distributor.creds!, 'GET', `/partner/v1/association-requests/${asked.id}`), 404, 'PBSS.0404');
    expectOk(await as(t, w.distributor.creds!, 'GET', `/partner/v1/association-requests/${asked.id}`, undefined, { indirect_partner_id: w.reseller.id }));
    const done = expectOk(await customerDecides(t, w.resellerCustomer, String(asked.id), 'confirm'));
    assert.equal((done.outcome as Row).reclaimed_amount, 30);
    assert.equal(await partnerCash(t, w.reseller), 1000);
    const mine = await api(t, w.reseller).call('list_partner_adjust_records', { query: { operation_type: 'SOURCE_OPERATION_BEUNBIND' } });
    assert.equal((mine.body.records as Row[]).length, 1);
    const tier1 = await api(t, w.distributor).call('list_partner_adjust_records', { query: { operation_type: 'SOURCE_OPERATION_BEUNBIND' } });
    assert.equal((tier1.body.records as Row[]).length, 0);
  });

  it('keeps other partners out: a foreign customer or request answers exactly like a missing one, and nothing changes', async () => {
    const w = await fundedWorld(t);
    const missingCustomer = 'f'.repeat(32);
    const before = await changeCounts(t);
    const foreign = expectError(await partnerAsks(t, w.otherDistributor, w.customer.id, 'unbind'), 400, 'CBC.99000035');
    const missing = expectError(await partnerAsks(t, w.otherDistributor, missingCustomer, 'unbind'), 400, 'CBC.99000035');
    assert.equal(foreign.error_msg, missing.error_msg);
    const preview = expectError(await as(t, w.otherDistributor.creds!, 'POST', '/partner/v1/association-requests/preview', { customer_id: w.customer.id, action: 'unbind' }), 400, 'CBC.99000035');
    assert.equal(preview.error_msg, missing.error_msg);
    expectError(await partnerAsks(t, w.reseller, w.customer.id, 'unbind'), 400, 'CBC.99000035');
    expectError(await partnerAsks(t, w.otherDistributor, w.customer.id, 'unbind', { indirect_partner_id: w.reseller.id }), 400, 'CBC.99000037');
    assert.deepEqual(await changeCounts(t), before);

    const asked = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 201);
    const ghost = 'a'.repeat(32);
    for (const verb of ['approve', 'reject', 'cancel'] as const) {
      const theirs = expectError(await partnerDecides(t, w.otherDistributor, String(asked.id), verb), 404, 'PBSS.0404');
      const none = expectError(await partnerDecides(t, w.otherDistributor, ghost, verb), 404, 'PBSS.0404');
      assert.equal(String(theirs.error_msg).replace(String(asked.id), 'ID'), String(none.error_msg).replace(ghost, 'ID'));
    }
    expectError(await as(t, w.otherDistributor.creds!, 'GET', `/partner/v1/association-requests/${asked.id}`), 404, 'PBSS.0404');
    assert.deepEqual((expectOk(await as(t, w.otherDistributor.creds!, 'GET', '/partner/v1/association-requests')).requests as Row[]).map((r) => r.customer_id).filter((id) => id === w.customer.id), []);
    // Another customer cannot see or confirm it; the partner cannot confirm it for the customer.
    expectError(await customerDecides(t, w.customer2, String(asked.id), 'confirm'), 404, 'PBSS.0404');
    expectError(await as(t, w.customer2.creds!, 'GET', `/customer/v1/association-requests/${asked.id}`), 404, 'PBSS.0404');
    expectError(await partnerDecides(t, w.distributor, String(asked.id), 'approve'), 403, 'CBC.0151');
    // Customers stay out of the partner plane and partners out of the customer plane.
    expectError(await partnerAsks(t, w.customer, w.customer.id, 'unbind'), 403, 'CBC.0151');
    expectError(await as(t, w.distributor.creds!, 'POST', '/customer/v1/association-requests', { action: 'unbind' }), 403, 'CBC.0151');
    expectError(await as(t, w.distributor.creds!, 'GET', '/operator/v1/association-requests'), 403, 'CBC.0151');
    const pending = expectOk(await as(t, w.customer.creds!, 'GET', `/customer/v1/association-requests/${asked.id}`));
    assert.equal(pending.status, 'pending');
    expectOk(await partnerDecides(t, w.distributor, String(asked.id), 'cancel'));
  });

  it('refuses bad input with CBC.0100 naming the field, storing nothing', async () => {
    const w = await fundedWorld(t);
    const before = await changeCounts(t);
    const bad: Array<[string, Row, string]> = [
      ['/partner/v1/association-requests', { customer_id: w.customer.id, action: 'divorce' }, 'action'],
      ['/partner/v1/association-requests', { action: 'unbind' }, 'customer_id'],
      ['/partner/v1/association-requests', { customer_id: 'x'.repeat(65), action: 'unbind' }, 'customer_id'],
      ['/partner/v1/association-requests', { customer_id: w.customer.id, action: 'unbind', reason: 'x'.repeat(256) }, 'reason'],
      ['/partner/v1/association-requests', { customer_id: 42, action: 'unbind' }, 'customer_id'],
    ];
    for (const [path, body, field] of bad) {
      const err = expectError(await as(t, w.distributor.creds!, 'POST', path, body), 400, 'CBC.0100');
      assert.match(String(err.error_msg), new RegExp(field), JSON.stringify(body));
    }
    const asked = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 201);
    const code = expectError(await customerDecides(t, w.customer, String(asked.id), 'confirm', { verification_code: '12ab' }), 400, 'CBC.0100');
    assert.match(String(code.error_msg), /verification_code/);
    expectOk(await partnerDecides(t, w.distributor, String(asked.id), 'cancel'));
    const after = await changeCounts(t);
    assert.equal(after.association_requests, before.association_requests! + 1);
  });

  it('refuses a second open request, and lets requests run out after 7 days of business time', async () => {
    const w = await fundedWorld(t);
    const asked = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 201);
    const open = expectError(await as(t, w.customer.creds!, 'POST', '/customer/v1/association-requests', { action: 'switch' }), 409, 'PBSS.2005');
    assert.equal(open.open_request_id, asked.id);
    expectError(await operatorAsks(t, creds('operator'), w.customer.id, 'unbind'), 409, 'PBSS.2005');

    t.deps.sandboxClock!.setOffset(t.deps.sandboxClock!.offset + 7 * 86_400_000);
    expectError(await customerDecides(t, w.customer, String(asked.id), 'confirm'), 409, 'PBSS.2006');
    assert.equal(expectOk(await as(t, w.distributor.creds!, 'GET', `/partner/v1/association-requests/${asked.id}`)).status, 'expired');
    const expired = expectOk(await as(t, w.distributor.creds!, 'GET', '/partner/v1/association-requests', undefined, { status: 'expired', customer_id: w.customer.id }));
    assert.equal(expired.count, 1);
    // It ran out, but it was made: the partner waits; the operator need not.
    expectError(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 400, 'PBSS.2003');
    const again = expectOk(await operatorAsks(t, creds('operator'), w.customer.id, 'unbind'), 201);
    expectOk(await as(t, creds('operator'), 'POST', `/operator/v1/association-requests/${again.id}/cancel`, {}));
    assert.equal((await listed(w.distributor, w.customer.id)).length, 1);
  });
});
