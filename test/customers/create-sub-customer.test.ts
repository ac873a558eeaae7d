import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectSdkError } from '../support/sdk.ts';
import { actorId, advance, client, createCustomer, freshMobile, freshName, operator, sendCode } from './helpers.ts';

describe('customers: create_sub_customer', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const create = (who: string, body: Record<string, unknown>) =>
    client(t, who).call('create_sub_customer', { body: { xaccount_id: freshName('x'), xaccount_type: 'demo_platform', ...body } });
  const listed = async (who: string, customerId: string, extra: Record<string, unknown> = {}) => {
    const res = await client(t, who).call('list_sub_customers', { body: { customer_id: customerId, ...extra } });
    return (res.body.customer_infos as Array<Record<string, unknown>>)[0];
  };

  it('creates a resale customer with a random 32-character name when none is given, associated with the caller', async () => {
    const res = await create('distributor', { include_association_result: true });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ['domain_id', 'domain_name']);
    assert.match(String(res.body.domain_id), /^[0-9a-f]{32}$/);
    assert.match(String(res.body.domain_name), /^[a-zA-Z][a-zA-Z0-9_-]{31}$/);
    const info = await listed('distributor', String(res.body.domain_id));
    assert.equal(info!.account_name, res.body.domain_name);
    assert.equal(info!.association_type, '2');
    assert.equal(info!.verified_status, '-1');
    assert.equal(info!.customer_type, -1);
    assert.equal(info!.is_frozen, 0);
    assert.equal(info!.xaccount_type, 'demo_platform');
    for (const empty of ['', null]) {
      const r = await create('distributor', { domain_name: empty });
      assert.match(String(r.body.domain_name), /^[a-zA-Z][a-zA-Z0-9_-]{31}$/);
    }
  });

  it('creates a referral customer when cooperation_type is "1", and resale for any other value', async () => {
    const referral = await createCustomer(t, 'distributor', { cooperation_type: '1' });
    assert.equal((await listed('distributor', referral.id))!.association_type, '1');
    const other = await createCustomer(t, 'distributor', { cooperation_type: '3' });
    assert.equal((await listed('distributor', other.id))!.association_type, '2');
  });

  it('sets the password, with which the customer can then obtain a token', async () => {
    const name = freshName();
    await createCustomer(t, 'solution_provider', { domain_name: name, password: 'Secret#2026x' });
    const res = await fetch(`${t.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name, password: 'Secret#2026x', domain: { name } } } } } }),
    });
    assert.equal(res.status, 201);
    assert.ok(res.headers.get('x-subject-token'));
  });

  it('registers a mobile number with a verification code, which then is used up', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'distributor', mobile);
    const c = await createCustomer(t, 'distributor', { mobile_phone: mobile, verification_code: code });
    const info = await listed('distributor', c.id);
    assert.equal(info!.telephone, mobile);
    assert.equal(info!.country_code, '0086');
    const again = await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: code }));
    assert.equal(again.errorCode, 'CBC.99004010');
  });

  it('answers a wrong code with CBC.99004010, and after more than 3 failures with CBC.99004009 even for the right code', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'distributor', mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) {
      const err = await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: wrong }));
      assert.equal(err.errorCode, 'CBC.99004010');
    }
    const fourth = await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: wrong }));
    assert.equal(fourth.errorCode, 'CBC.99004009');
    const right = await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: code }));
    assert.equal(right.errorCode, 'CBC.99004009');
    // A new code starts afresh.
    const fresh = await sendCode(t, 'distributor', mobile);
    assert.equal((await create('distributor', { mobile_phone: mobile, verification_code: fresh })).status, 200);
  });

  it('lets the right code through after three failures', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'distributor', mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: wrong }));
    assert.equal((await create('distributor', { mobile_phone: mobile, verification_code: code })).status, 200);
  });

  it('answers an expired code with CBC.99004008, on the business clock', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'distributor', mobile, { timeout: 1 });
    advance(t, 61_000);
    const err = await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: code }));
    assert.equal(err.errorCode, 'CBC.99004008');
  });

  it('accepts only the newest code sent to a number', async () => {
    const mobile = freshMobile();
    const first = await sendCode(t, 'distributor', mobile);
    let second = await sendCode(t, 'distributor', mobile);
    while (second === first) second = await sendCode(t, 'distributor', mobile);
    const err = await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: first }));
    assert.equal(err.errorCode, 'CBC.99004010');
    assert.equal((await create('distributor', { mobile_phone: mobile, verification_code: second })).status, 200);
  });

  it('refuses a duplicate xaccount_id on the same platform (CBC.99000039) and a name in use (CBC.99000038)', async () => {
    const xid = freshName('x');
    await createCustomer(t, 'distributor', { xaccount_id: xid });
    const dup = await expectSdkError(create('solution_provider', { xaccount_id: xid }));
    assert.equal(dup.errorCode, 'CBC.99000039');
    assert.equal((await create('solution_provider', { xaccount_id: xid, xaccount_type: 'another_platform' })).status, 200);
    const taken = await expectSdkError(create('distributor', { domain_name: 'demo-distributor' }));
    assert.equal(taken.errorCode, 'CBC.99000038');
  });

  it('refuses invalid login names (CBC.99000031), mobile numbers (CBC.5017) and passwords (CBC.99000036)', async () => {
    for (const name of ['op_customer', 'shadow_customer', '123456789', 'abcd', 'a'.repeat(33), 'has space', '9starts-with-digit', 'bad.dot']) {
      const err = await expectSdkError(create('distributor', { domain_name: name }));
      assert.equal(err.errorCode, 'CBC.99000031', name);
      assert.match(err.errorMsg!, /domain_name/);
    }
    for (const mobile of ['12345678901', '1391234567', '+8613912345678', '0086-13912345678']) {
      const err = await expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: '123456' }));
      assert.equal(err.errorCode, 'CBC.5017', mobile);
    }
    const name = freshName('pw');
    const mobile = freshMobile();
    for (const password of ['', 'Ab1#', 'a'.repeat(33), 'alllowercase', '12345678', name, [...name].reverse().join(''), `Xx${mobile}`, 'Pass word中文1']) {
      const body: Record<string, unknown> = { domain_name: name, password };
      if (password.includes(mobile)) Object.assign(body, { mobile_phone: mobile, verification_code: '123456' });
      const err = await expectSdkError(create('distributor', body));
      assert.equal(err.errorCode, 'CBC.99000036', password);
      assert.match(err.errorMsg!, /password/);
    }
  });

  it('lets a tier-1 create a customer for its own tier-2 reseller, and no other (CBC.99000037)', async () => {
    const forReseller = await create('distributor', { indirect_partner_id: actorId('reseller_one') });
    assert.equal(forReseller.status, 200);
    const id = String(forReseller.body.domain_id);
    assert.equal((await listed('reseller_one', id))!.customer_id, id);
    assert.equal((await listed('distributor', id)), undefined);
    assert.equal((await listed('distributor', id, { indirect_partner_id: actorId('reseller_one') }))!.customer_id, id);

    const other = await operator(t, 'POST', '/operator/v1/partners', { name: freshName('dist'), partner_type: 'distributor' });
    const foreignReseller = await operator(t, 'POST', '/operator/v1/partners', { name: freshName('resl'), partner_type: 'reseller', parent_id: other.body.id });
    for (const [who, target] of [
      ['distributor', String(foreignReseller.body.id)],
      ['distributor', actorId('solution_provider')],
      ['distributor', 'no-such-partner'],
      ['solution_provider', actorId('reseller_one')],
      ['reseller_one', actorId('reseller_two')],
    ] as const) {
      const err = await expectSdkError(create(who, { indirect_partner_id: target }));
      assert.equal(err.errorCode, 'CBC.99000037', `${who} → ${target}`);
    }
    // A reseller may name itself; an empty id means none.
    assert.equal((await create('reseller_one', { indirect_partner_id: actorId('reseller_one') })).status, 200);
    assert.equal((await create('solution_provider', { indirect_partner_id: '' })).status, 200);
  });

  it('counts parallel guesses one by one: at most 3 wrong answers before the code locks', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'distributor', mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    const errors = await Promise.all(Array.from({ length: 8 }, () => expectSdkError(create('distributor', { mobile_phone: mobile, verification_code: wrong }))));
    const codes = errors.map((e) => e.errorCode).sort();
    assert.deepEqual(codes, ['CBC.99004009', 'CBC.99004009', 'CBC.99004009', 'CBC.99004009', 'CBC.99004009', 'CBC.99004010', 'CBC.99004010', 'CBC.99004010']);
  });

  it('registers a name once when several partners race for it; the others get CBC.99000038', async () => {
    const name = freshName('race');
    const results = await Promise.allSettled(['distributor', 'solution_provider', 'reseller_one', 'reseller_two'].map((who) => create(who, { domain_name: name })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { errorCode: string }).errorCode, 'CBC.99000038');
  });

  it('lets a partner operator create customers for its partner', async () => {
    const c = await createCustomer(t, 'partner_operator');
    assert.ok(await listed('distributor', c.id));
  });
});
