import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { createCustomerAccount, issueAccessKey, issueTokenByAssumeRole } from '../../src/modules/identity/index.ts';
import { setCustomerFrozen } from '../../src/modules/customers/index.ts';
import { acceptAssociationRequest, requestAssociationChange, type AssociationPorts, DEFAULT_PORTS } from '../../src/modules/associations/index.ts';
import { AppError } from '../../src/platform/errors.ts';
import { callerOf } from '../funds/factories.ts';
import { client, createCustomer, creds, freshMobile, keyFor, latestCode, operator, sendCode } from './helpers.ts';
import {
  as,
  changeCounts,
  clockAt,
  customerAsks,
  customerCash,
  customerDecides,
  DAY,
  expectError,
  expectOk,
  fund,
  fundedWorld,
  issueCoupon,
  partnerCash,
  api,
  operatorAsks,
  partnerAsks,
  partnerDecides,
  type Row,
} from './association-support.ts';

/**
 * The rules of association changes by the business clock: the three "once in three months"
 * rules, blockers (checked when asking and again when accepting), the confirmation code, and
 * that a refused request changes nothing.
 */
describe(`customers: association rules (${DIALECT})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const later = (at: unknown, ms: number) => new Date(new Date(String(at)).getTime() + ms);

  it('a customer asks at most once in three months, whatever became of its request', async () => {
    const w = await fundedWorld(t);
    const first = expectOk(await customerAsks(t, w.customer, 'unbind'), 201);
    expectOk(await customerDecides(t, w.customer, String(first.id), 'cancel'));
    const before = await changeCounts(t);
    const refused = expectError(await customerAsks(t, w.customer, 'switch'), 400, 'PBSS.2001');
    assert.equal(refused.rule, 'customer_once');
    assert.deepEqual(await changeCounts(t), before);
    // Three calendar months after the request, to the second.
    const allowedFrom = String(refused.allowed_from);
    const requested = new Date(String(first.requested_at));
    const expected = new Date(requested);
    expected.setUTCMonth(expected.getUTCMonth() + 3);
    if (expected.getUTCDate() === requested.getUTCDate()) assert.equal(allowedFrom, expected.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    clockAt(t, later(allowedFrom, -1000));
    expectError(await customerAsks(t, w.customer, 'unbind'), 400, 'PBSS.2001');
    clockAt(t, later(allowedFrom, 1000));
    const again = expectOk(await customerAsks(t, w.customer, 'unbind'), 201);
    expectOk(await customerDecides(t, w.customer, String(again.id), 'cancel'));
  });

  it("after a customer's request its partner waits three months; the operator does not", async () => {
    const w = await fundedWorld(t);
    const own = expectOk(await customerAsks(t, w.customer, 'unbind'), 201);
    expectOk(await partnerDecides(t, w.distributor, String(own.id), 'reject'));
    const refused = expectError(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 400, 'PBSS.2002');
    assert.equal(refused.rule, 'partner_after_customer');
    // The operator is bound by none of the rules.
    const op = expectOk(await operatorAsks(t, creds('operator'), w.customer.id, 'switch'), 201);
    expectOk(await customerDecides(t, w.customer, String(op.id), 'decline'));
    clockAt(t, later(refused.allowed_from, -1000));
    expectError(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 400, 'PBSS.2002');
    clockAt(t, later(refused.allowed_from, 1000));
    const asked = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 201);
    expectOk(await customerDecides(t, w.customer, String(asked.id), 'confirm'));
  });

  it('a partner asks about the same customer at most once in three months, even when the customer declined', async () => {
    const w = await fundedWorld(t);
    const first = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 201);
    expectOk(await customerDecides(t, w.customer, String(first.id), 'decline', { note: 'no thanks' }));
    const refused = expectError(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 400, 'PBSS.2003');
    assert.equal(refused.rule, 'partner_once');
    // Other customers of the same partner are not affected.
    expectOk(await partnerAsks(t, w.distributor, w.customer2.id, 'switch'), 201);
    // The customer's own request is not limited by the partner's.
    const own = expectOk(await customerAsks(t, w.customer, 'switch'), 201);
    expectOk(await customerDecides(t, w.customer, String(own.id), 'cancel'));
    // A day past the partner's window (the customer's request, made just after, has run out too).
    clockAt(t, later(refused.allowed_from, DAY));
    const next = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 201);
    expectOk(await partnerDecides(t, w.distributor, String(next.id), 'cancel'));
    // Three months on again: the customer asks (and withdraws), and that holds the partner back.
    clockAt(t, later(next.requested_at, 93 * DAY));
    const mine = expectOk(await customerAsks(t, w.customer, 'unbind'), 201);
    expectOk(await customerDecides(t, w.customer, String(mine.id), 'cancel'));
    expectError(await partnerAsks(t, w.distributor, w.customer.id, 'switch'), 400, 'PBSS.2002');
  });

  it('asks a customer with a mobile number for the code sent to it; wrong codes count and lock; a new code works', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'distributor', mobile);
    const c = await createCustomer(t, 'distributor', { mobile_phone: mobile, verification_code: code });
    const own = await keyFor(t, c.id);
    const distributor = creds('distributor');
    const asked = expectOk(await as(t, distributor, 'POST', '/partner/v1/association-requests', { customer_id: c.id, action: 'switch' }), 201);
    assert.equal(asked.requires_verification_code, true);
    const sent = await latestCode(t, mobile);
    const outbox = expectOk(await operator(t, 'GET', `/operator/v1/verification-outbox?mobile_phone=${mobile}&limit=1`));
    const message = (outbox.messages as Row[])[0]!;
    assert.equal(message.scene, 900);
    assert.match(String(message.body), /demo|伙伴/);

    expectError(await customerDecides(t, own, String(asked.id), 'confirm'), 400, 'CBC.0100');
    const wrong = sent === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 3; i++) expectError(await customerDecides(t, own, String(asked.id), 'confirm', { verification_code: wrong }), 400, 'CBC.99004010');
    expectError(await customerDecides(t, own, String(asked.id), 'confirm', { verification_code: wrong }), 400, 'CBC.99004009');
    expectError(await customerDecides(t, own, String(asked.id), 'confirm', { verification_code: sent }), 400, 'CBC.99004009');
    assert.equal(expectOk(await as(t, own, 'GET', `/customer/v1/association-requests/${asked.id}`)).status, 'pending');

    const resent = await as(t, own, 'POST', `/customer/v1/association-requests/${asked.id}/verification-code`);
    assert.equal(resent.status, 204, JSON.stringify(resent.body));
    const fresh = await latestCode(t, mobile);
    const done = expectOk(await customerDecides(t, own, String(asked.id), 'confirm', { verification_code: fresh }));
    assert.equal(done.status, 'completed');
    const listed = await client(t, 'distributor').call('list_sub_customers', { body: { customer_id: c.id } });
    assert.equal((listed.body.customer_infos as Row[])[0]!.association_type, '1');
    // The code is used up: a new code is needed only for a new request.
    expectError(await as(t, own, 'POST', `/customer/v1/association-requests/${asked.id}/verification-code`), 409, 'PBSS.2006');
  });

  it("never lets a partner acting with an assumed customer token ask, confirm or decline in the customer's name", async () => {
    const w = await fundedWorld(t);
    const account = await createCustomerAccount(t.deps, { name: `assumed-${process.pid}-${Date.now() % 100000}`, partnerId: w.distributor.id, associationType: 2, xaccountType: 'demo_platform', xaccountId: `x-${process.pid}-${Date.now()}` });
    const key = await issueAccessKey(t.deps, { accountId: account.id });
    const customerCreds = { access: key.access, secret: key.secret, domainId: account.id };
    const root = await t.deps.db.kysely.selectFrom('users').select('id').where('account_id', '=', w.distributor.id).where('role', '=', 'root').executeTakeFirstOrThrow();
    const token = await issueTokenByAssumeRole(t.deps, { ...callerOf(w.distributor), userId: root.id }, { domainId: account.id, agencyName: 'demo_platform' });
    const withToken = (method: string, path: string, body?: unknown) =>
      fetch(`${t.url}${path}`, { method, headers: { 'X-Auth-Token': token.token, 'Content-Type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Row }));

    expectError(await withToken('POST', '/customer/v1/association-requests', { action: 'unbind' }), 403, 'CBC.0151');
    const asked = expectOk(await as(t, w.distributor.creds!, 'POST', '/partner/v1/association-requests', { customer_id: account.id, action: 'unbind' }), 201);
    expectError(await withToken('POST', `/customer/v1/association-requests/${asked.id}/confirm`, {}), 403, 'CBC.0151');
    expectError(await withToken('POST', `/customer/v1/association-requests/${asked.id}/decline`, {}), 403, 'CBC.0151');
    // Reading is fine.
    assert.equal((expectOk(await withToken('GET', '/customer/v1/association')).open_request as Row).id, asked.id);

    // Once unbound, the former partner's assumed token stops working at once.
    expectOk(await customerDecides(t, customerCreds, String(asked.id), 'confirm'));
    const gone = await withToken('GET', '/customer/v1/association');
    assert.equal(gone.status, 401);
  });

  it('refuses while the account is frozen, when asking and again when accepting, and nothing changes', async () => {
    const w = await fundedWorld(t);
    await fund(t, w.distributor, w.customer, 40);
    await setCustomerFrozen(t.deps, w.customer.id, true);
    const before = await changeCounts(t);
    const refused = expectError(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 400, 'PBSS.2004');
    assert.deepEqual((refused.blockers as Row[]).map((b) => b.kind), ['account_frozen']);
    const preview = expectOk(await as(t, w.distributor.creds!, 'POST', '/partner/v1/association-requests/preview', { customer_id: w.customer.id, action: 'unbind' }));
    assert.equal(preview.allowed, false);
    assert.deepEqual((preview.blockers as Row[]).map((b) => b.kind), ['account_frozen']);
    assert.deepEqual(await changeCounts(t), before);

    await setCustomerFrozen(t.deps, w.customer.id, false);
    const own = expectOk(await customerAsks(t, w.customer, 'unbind'), 201);
    await setCustomerFrozen(t.deps, w.customer.id, true);
    const mid = await changeCounts(t);
    expectError(await partnerDecides(t, w.distributor, String(own.id), 'approve'), 400, 'PBSS.2004');
    assert.deepEqual(await changeCounts(t), mid);
    await setCustomerFrozen(t.deps, w.customer.id, false);
    assert.equal(await customerCash(t, w.customer), 40);
    const done = expectOk(await partnerDecides(t, w.distributor, String(own.id), 'approve'));
    assert.equal((done.outcome as Row).reclaimed_amount, 40);
  });

  it('refuses while an order awaits payment, and allows once the customer cancels it', async () => {
    const w = await fundedWorld(t);
    const product = { id: 'ip', cloud_service_type: 'hws.service.type.vpc', resource_type: 'hws.resource.type.ip', resource_spec: '5_bgp', region: 'cn-north-4', period_type: 2, period_num: 1, subscription_num: 1 };
    const placed = expectOk(await as(t, creds('operator'), 'POST', '/operator/v1/orders', { customer_id: w.customer.id, product_infos: [product] }), 201);
    const before = await changeCounts(t);
    const refused = expectError(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 400, 'PBSS.2004');
    assert.deepEqual((refused.blockers as Row[]).map((b) => [b.kind, b.ids]), [['pending_orders', [placed.order_id]]]);
    expectError(await customerAsks(t, w.customer, 'unbind'), 400, 'PBSS.2004');
    assert.deepEqual(await changeCounts(t), before);
    const cancelled = await api(t, w.customer).call('cancel_customer_order', { body: { order_id: placed.order_id } });
    assert.ok(cancelled.status < 300, JSON.stringify(cancelled.body));
    expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 201);
  });

  it('refuses on the blockers the orders module and arrears report, storing nothing (ports)', async () => {
    const w = await fundedWorld(t);
    const pending: AssociationPorts = {
      ...DEFAULT_PORTS,
      findOrderBlockers: async () => [{ kind: 'pending_orders', detail: 'orders await payment', ids: ['CS0001'] }],
    };
    const indebted: AssociationPorts = { ...DEFAULT_PORTS, findArrears: async () => 1n };
    const partnerActor = { side: 'partner' as const, accountId: w.distributor.id, name: w.distributor.name, partnerId: w.distributor.id };
    const before = await changeCounts(t);
    const refusal = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        assert.ok(e instanceof AppError);
        return { code: e.code, kinds: ((e.extra?.blockers ?? []) as Row[]).map((b) => b.kind) };
      }
      assert.fail('expected a refusal');
    };
    assert.deepEqual(await refusal(requestAssociationChange(t.deps, partnerActor, { customerId: w.customer.id, action: 'unbind' }, pending)), { code: 'PBSS.2004', kinds: ['pending_orders'] });
    assert.deepEqual(await refusal(requestAssociationChange(t.deps, partnerActor, { customerId: w.customer.id, action: 'switch' }, indebted)), { code: 'PBSS.2004', kinds: ['arrears'] });
    assert.deepEqual(await changeCounts(t), before);
    // Arrears block resale customers only.
    const referral = await requestAssociationChange(t.deps, partnerActor, { customerId: w.referralCustomer.id, action: 'switch' }, indebted);
    assert.equal(referral.status, 'pending');
  });

  it('rolls everything back when a blocker appears at completion (a coupon an unpaid order holds)', async () => {
    const w = await fundedWorld(t);
    await fund(t, w.distributor, w.customer, 25);
    const coupon = await issueCoupon(t, w.distributor, w.customer, 3);
    const asked = expectOk(await partnerAsks(t, w.distributor, w.customer.id, 'unbind'), 201);
    // The real reclaim runs, then reports a held coupon: the whole change must roll back.
    const holding: AssociationPorts = {
      ...DEFAULT_PORTS,
      reclaimCoupons: async (trx, input) => ({ ...(await DEFAULT_PORTS.reclaimCoupons(trx, input)), held: ['CP-HELD'] }),
    };
    const customerActor = { side: 'customer' as const, accountId: w.customer.id, name: w.customer.name };
    const before = await changeCounts(t);
    await assert.rejects(acceptAssociationRequest(t.deps, customerActor, String(asked.id), {}, holding), (e: unknown) => e instanceof AppError && e.code === 'PBSS.2004' && JSON.stringify(e.extra).includes('coupons_held'));
    assert.deepEqual(await changeCounts(t), before);
    assert.equal(await customerCash(t, w.customer), 25);
    const row = await t.deps.db.kysely.selectFrom('coupons').select(['status', 'balance']).where('id', '=', coupon).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, Number(row.balance)], [2, 300]);
    // Without the blocker it completes.
    const done = expectOk(await customerDecides(t, w.customer, String(asked.id), 'confirm'));
    assert.equal((done.outcome as Row).reclaimed_amount, 25);
    assert.equal(await partnerCash(t, w.distributor), 1000);
  });

  it('answers the operator plane: any customer, histories, and PBSS.0404 for customers that do not exist', async () => {
    const w = await fundedWorld(t);
    expectError(await operatorAsks(t, creds('operator'), 'f'.repeat(32), 'unbind'), 404, 'PBSS.0404');
    expectError(await operatorAsks(t, creds('operator'), w.distributor.id, 'unbind'), 404, 'PBSS.0404');
    const asked = expectOk(await operatorAsks(t, creds('operator'), w.resellerCustomer.id, 'unbind'), 201);
    const all = expectOk(await as(t, creds('operator'), 'GET', '/operator/v1/association-requests', undefined, { partner_id: w.reseller.id }));
    assert.deepEqual((all.requests as Row[]).map((r) => r.id), [asked.id]);
    // The operator does not confirm for the customer.
    expectError(await as(t, creds('operator'), 'POST', `/operator/v1/association-requests/${asked.id}/approve`, {}), 403, 'CBC.0151');
    expectOk(await customerDecides(t, w.resellerCustomer, String(asked.id), 'confirm'));
    const shown = expectOk(await as(t, creds('operator'), 'GET', `/operator/v1/customers/${w.resellerCustomer.id}/association`));
    assert.equal(shown.current, null);
    assert.equal((shown.history as Row[])[0]!.partner_id, w.reseller.id);
    // A customer's request, approved by the operator for the partner.
    const own = expectOk(await customerAsks(t, w.customer2, 'switch'), 201);
    const approved = expectOk(await as(t, creds('operator'), 'POST', `/operator/v1/association-requests/${own.id}/approve`, {}));
    assert.equal(approved.status, 'completed');
  });
});
