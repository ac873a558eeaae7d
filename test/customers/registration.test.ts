import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectSdkError } from '../support/sdk.ts';
import { actorId, client, createCustomer, freshMobile, freshName, latestCode, operator, sendCode, advance } from './helpers.ts';

describe('customers: check identity and verification codes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const check = (search_type: string, search_value: string) => client(t, 'distributor').call('check_user_identity', { body: { search_type, search_value } });

  it('reports login names as available or used by any account', async () => {
    assert.deepEqual((await check('name', freshName())).body, { check_result: 'available' });
    assert.deepEqual((await check('name', 'demo-distributor')).body, { check_result: 'used_by_user' });
    const c = await createCustomer(t, 'solution_provider');
    assert.deepEqual((await check('name', c.name)).body, { check_result: 'used_by_user' });
  });

  it('refuses names, numbers and addresses outside the documented forms with CBC.0100 naming the field', async () => {
    for (const [type, value] of [
      ['name', '_abcdef'],
      ['name', 'op_abcdef'],
      ['name', 'abcd'],
      ['name', 'a'.repeat(33)],
      ['mobile', '13912345678'],
      ['mobile', '0001-13912345678'],
      ['mobile', '0086-12345'],
      ['email', 'not-an-address'],
      ['email', `${'a'.repeat(60)}@b.cn`],
    ] as const) {
      const err = await expectSdkError(check(type, value));
      assert.equal(err.status, 400, `${type} ${value}`);
      assert.equal(err.errorCode, 'CBC.0100');
      assert.match(err.errorMsg!, /search_value/);
    }
    const err = await expectSdkError(check('phone', '0086-13912345678'));
    assert.equal(err.errorCode, 'CBC.0100');
    assert.match(err.errorMsg!, /search_type/);
  });

  it('counts registrations left on a mobile number and refuses the sixth account on it', async () => {
    const mobile = freshMobile();
    assert.deepEqual((await check('mobile', `0086-${mobile}`)).body, { check_result: 'available', mobile_remain_available_num: 5 });
    for (let i = 0; i < 5; i++) {
      const code = await sendCode(t, 'distributor', mobile);
      await createCustomer(t, 'distributor', { mobile_phone: mobile, verification_code: code });
    }
    assert.deepEqual((await check('mobile', `0086-${mobile}`)).body, { check_result: 'used_by_user', mobile_remain_available_num: 0 });
    const code = await sendCode(t, 'distributor', mobile);
    const err = await expectSdkError(
      client(t, 'distributor').call('create_sub_customer', { body: { xaccount_id: freshName('x'), xaccount_type: 'demo_platform', mobile_phone: mobile, verification_code: code } }),
    );
    assert.equal(err.errorCode, 'CBC.99000030');
  });

  it('reports e-mail addresses on a customer record as used, whatever their case', async () => {
    assert.deepEqual((await check('email', 'someone@example.cn')).body, { check_result: 'available' });
    const c = await createCustomer(t, 'distributor');
    const set = await operator(t, 'PATCH', `/operator/v1/customers/${c.id}`, { email: 'Someone@Example.cn' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual((await check('email', 'someone@example.cn')).body, { check_result: 'used_by_user' });
  });

  it('sends a 6-digit code to the outbox (204), storing only its hash, with the documented lifetimes', async () => {
    const mobile = freshMobile();
    const res = await client(t, 'distributor').call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: mobile, lang: 'en-us' } });
    assert.equal(res.status, 204);
    const out = await operator(t, 'GET', `/operator/v1/verification-outbox?mobile_phone=${mobile}`);
    const [msg] = out.body.messages as Array<{ code: string; body: string; created_at: string; expires_at: string; scene: number }>;
    assert.match(msg!.code, /^\d{6}$/);
    assert.ok(msg!.body.includes(msg!.code));
    assert.match(msg!.body, /expires in 10 minutes/);
    assert.equal(msg!.scene, 29);
    assert.equal(Date.parse(msg!.expires_at) - Date.parse(msg!.created_at), 10 * 60_000);
    const rows = await t.deps.db.kysely.selectFrom('verification_codes').selectAll().where('mobile_phone', '=', mobile).execute();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(`"${msg!.code}"`));

    // More than 60 minutes asked for means 5.
    await client(t, 'distributor').call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: mobile, timeout: 90 } });
    const five = await operator(t, 'GET', `/operator/v1/verification-outbox?mobile_phone=${mobile}&limit=1`);
    const [m5] = five.body.messages as Array<{ created_at: string; expires_at: string }>;
    assert.equal(Date.parse(m5!.expires_at) - Date.parse(m5!.created_at), 5 * 60_000);
  });

  it('refuses bad send requests with CBC.0100 naming the field', async () => {
    const mobile = freshMobile();
    for (const [body, field] of [
      [{ receiver_type: 2, mobile_phone: mobile }, 'receiver_type'],
      [{ receiver_type: 1, mobile_phone: '12345' }, 'mobile_phone'],
      [{ receiver_type: 1, mobile_phone: mobile, timeout: 0 }, 'timeout'],
      [{ receiver_type: 1, mobile_phone: mobile, lang: 'fr-fr' }, 'lang'],
      [{ receiver_type: 1, mobile_phone: mobile, scene: 17 }, 'scene'],
      [{ receiver_type: 1, mobile_phone: mobile, scene: 18 }, 'customer_id'],
      [{ receiver_type: '1', mobile_phone: mobile }, 'receiver_type'],
      [{ mobile_phone: mobile }, 'receiver_type'],
    ] as const) {
      const err = await expectSdkError(client(t, 'distributor').call('send_verification_message_code', { body }));
      assert.equal(err.errorCode, 'CBC.0100', JSON.stringify(body));
      assert.match(err.errorMsg!, new RegExp(field));
    }
    assert.equal((await operator(t, 'GET', `/operator/v1/verification-outbox?mobile_phone=${mobile}`)).body.count, 0);
  });

  it('sends a bank-card code (scene 18) only for one of the partner\'s own customers', async () => {
    const mobile = freshMobile();
    const own = await client(t, 'distributor').call('send_verification_message_code', {
      body: { receiver_type: 1, mobile_phone: mobile, scene: 18, customer_id: actorId('resale_customer') },
    });
    assert.equal(own.status, 204);
    for (const foreign of [actorId('provider_customer'), actorId('reseller_customer'), 'no-such-customer']) {
      const err = await expectSdkError(
        client(t, 'distributor').call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: mobile, scene: 18, customer_id: foreign } }),
      );
      assert.equal(err.errorCode, 'CBC.99000035');
    }
  });

  it('sends at most 15 codes an hour and 60 a day to one number (CBC.99004015), whoever asks', async () => {
    const mobile = freshMobile();
    const send = (who: string) => client(t, who).call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: mobile } });
    for (let hour = 0; hour < 4; hour++) {
      for (let i = 0; i < 15; i++) assert.equal((await send(i % 2 ? 'distributor' : 'solution_provider')).status, 204);
      const err = await expectSdkError(send('reseller_one'));
      assert.equal(err.errorCode, 'CBC.99004015');
      advance(t, 60 * 60_000 + 1000);
    }
    // Sixty in the last 24 hours: still refused after another hour has passed.
    const err = await expectSdkError(send('distributor'));
    assert.equal(err.errorCode, 'CBC.99004015');
    advance(t, 21 * 60 * 60_000);
    assert.equal((await send('distributor')).status, 204);
  });

  it('is refused to customers (403 CBC.0151)', async () => {
    const err = await expectSdkError(client(t, 'resale_customer').call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: freshMobile() } }));
    assert.equal(err.status, 403);
    assert.equal(err.errorCode, 'CBC.0151');
  });

  it('keeps codes per partner: a code one partner asked for does not register a customer for another', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'solution_provider', mobile);
    const err = await expectSdkError(
      client(t, 'distributor').call('create_sub_customer', { body: { xaccount_id: freshName('x'), xaccount_type: 'demo_platform', mobile_phone: mobile, verification_code: code } }),
    );
    assert.equal(err.errorCode, 'CBC.99004010');
    assert.equal(await latestCode(t, mobile), code);
  });
});
