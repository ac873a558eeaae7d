import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectSdkError } from '../support/sdk.ts';
import { actorId, client, countRows, createCustomer, freshMobile, freshName, sendCode, uploadAttachments } from './helpers.ts';
import type { DB } from '../../src/platform/db/schema.ts';

const TABLES: Array<keyof DB> = ['accounts', 'customers', 'users', 'realname_applications'];

describe('customers: bad input answers 400 naming the field and creates nothing', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  async function counts(): Promise<Record<string, number>> {
    return Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, await countRows(t, tb)] as const)));
  }

  async function expectRefused(op: Parameters<ReturnType<typeof client>['call']>[0], body: unknown, code: string, field: string) {
    const err = await expectSdkError(client(t, 'distributor').call(op, { body }));
    assert.equal(err.status, 400, `${JSON.stringify(body)} → ${err.status} ${err.errorCode}`);
    assert.equal(err.errorCode, code, `${JSON.stringify(body)}: ${err.errorMsg}`);
    assert.ok(err.errorMsg!.includes(field), `${err.errorMsg} should name ${field}`);
  }

  it('create_sub_customer: every field too long, of the wrong pattern, of the wrong type, or missing', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, 'distributor', mobile);
    const base = { xaccount_id: 'x-bad-input', xaccount_type: 'demo_platform' };
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ xaccount_type: 'demo_platform' }, 'CBC.0100', 'xaccount_id'],
      [{ xaccount_id: 'x-1' }, 'CBC.0100', 'xaccount_type'],
      [{ ...base, xaccount_id: 42 }, 'CBC.0100', 'xaccount_id'],
      [{ ...base, xaccount_id: 'x'.repeat(129) }, 'CBC.0100', 'xaccount_id'],
      [{ ...base, xaccount_id: '' }, 'CBC.0100', 'xaccount_id'],
      [{ ...base, xaccount_type: ['demo_platform'] }, 'CBC.0100', 'xaccount_type'],
      [{ ...base, xaccount_type: 'p'.repeat(65) }, 'CBC.0100', 'xaccount_type'],
      [{ ...base, domain_name: 12345 }, 'CBC.0100', 'domain_name'],
      [{ ...base, domain_name: 'n'.repeat(33) }, 'CBC.99000031', 'domain_name'],
      [{ ...base, domain_name: 'has/slash' }, 'CBC.99000031', 'domain_name'],
      [{ ...base, mobile_phone: 13912345678, verification_code: code }, 'CBC.0100', 'mobile_phone'],
      [{ ...base, mobile_phone: '1'.repeat(33), verification_code: code }, 'CBC.5017', 'mobile_phone'],
      [{ ...base, mobile_phone: mobile }, 'CBC.0100', 'verification_code'],
      [{ ...base, mobile_phone: mobile, verification_code: Number(code) }, 'CBC.0100', 'verification_code'],
      [{ ...base, mobile_phone: mobile, verification_code: '12345' }, 'CBC.0100', 'verification_code'],
      [{ ...base, mobile_phone: mobile, verification_code: '' }, 'CBC.0100', 'verification_code'],
      [{ ...base, password: 12345678 }, 'CBC.0100', 'password'],
      [{ ...base, password: `Aa1${'x'.repeat(30)}` }, 'CBC.99000036', 'password'],
      [{ ...base, is_close_market_ms: true }, 'CBC.0100', 'is_close_market_ms'],
      [{ ...base, is_close_market_ms: 'yes' }, 'CBC.0100', 'is_close_market_ms'],
      [{ ...base, cooperation_type: 1 }, 'CBC.0100', 'cooperation_type'],
      [{ ...base, cooperation_type: '1'.repeat(11) }, 'CBC.0100', 'cooperation_type'],
      [{ ...base, indirect_partner_id: 7 }, 'CBC.0100', 'indirect_partner_id'],
      [{ ...base, include_association_result: 'true' }, 'CBC.0100', 'include_association_result'],
      // A valid code with a bad password: the password is refused before the code is looked at.
      [{ ...base, mobile_phone: mobile, verification_code: code, password: 'short' }, 'CBC.99000036', 'password'],
    ];
    const before = await counts();
    for (const [body, errorCode, field] of cases) await expectRefused('create_sub_customer', body, errorCode, field);
    assert.deepEqual(await counts(), before);
    // Nothing was consumed either: the code still registers a customer.
    assert.equal((await client(t, 'distributor').call('create_sub_customer', { body: { ...base, mobile_phone: mobile, verification_code: code } })).status, 200);
  });

  it('create_sub_customer: a body that is not a JSON object', async () => {
    const before = await counts();
    for (const body of [[], 'text', 42]) {
      const err = await expectSdkError(client(t, 'distributor').call('create_sub_customer', { body }));
      assert.equal(err.status, 400);
      assert.equal(err.errorCode, 'CBC.0100');
    }
    assert.deepEqual(await counts(), before);
  });

  it('real-name verification: every field too long, of the wrong pattern, of the wrong type, or missing', async () => {
    const customer = await createCustomer(t, 'distributor');
    const files = await uploadAttachments(t, 'distributor', 'bad-input', 3);
    const enterprise = { customer_id: customer.id, identify_type: 1, verified_file_url: [files[0]], corp_name: 'Example Co., Ltd.', verified_number: '91110000MA00000000', xaccount_type: 'demo_platform' };
    const person = { legel_name: 'Zhang San', legel_id_number: '110101199001011234' };
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['create_enterprise_realname_authentication', { ...enterprise, customer_id: undefined }, 'CBC.0100', 'customer_id'],
      ['create_enterprise_realname_authentication', { ...enterprise, customer_id: 'c'.repeat(65) }, 'CBC.0100', 'customer_id'],
      ['create_enterprise_realname_authentication', { ...enterprise, identify_type: '1' }, 'CBC.0100', 'identify_type'],
      ['create_enterprise_realname_authentication', { ...enterprise, identify_type: 0 }, 'CBC.0100', 'identify_type'],
      ['create_enterprise_realname_authentication', { ...enterprise, certificate_type: 5 }, 'CBC.0100', 'certificate_type'],
      ['create_enterprise_realname_authentication', { ...enterprise, verified_file_url: files[0] }, 'CBC.0100', 'verified_file_url'],
      ['create_enterprise_realname_authentication', { ...enterprise, verified_file_url: [] }, 'CBC.0100', 'verified_file_url'],
      ['create_enterprise_realname_authentication', { ...enterprise, verified_file_url: ['/etc/passwd.png'] }, 'CBC.0100', 'verified_file_url[0]'],
      ['create_enterprise_realname_authentication', { ...enterprise, verified_file_url: ['../x/file1.png'] }, 'CBC.0100', 'verified_file_url[0]'],
      ['create_enterprise_realname_authentication', { ...enterprise, verified_file_url: ['bad-input/missing.png'] }, 'CBC.0100', 'verified_file_url[0]'],
      ['create_enterprise_realname_authentication', { ...enterprise, corp_name: '12345 !!!' }, 'CBC.0100', 'corp_name'],
      ['create_enterprise_realname_authentication', { ...enterprise, corp_name: 'c'.repeat(256) }, 'CBC.0100', 'corp_name'],
      ['create_enterprise_realname_authentication', { ...enterprise, verified_number: 'n'.repeat(33) }, 'CBC.0100', 'verified_number'],
      ['create_enterprise_realname_authentication', { ...enterprise, reg_country: 'China' }, 'CBC.0100', 'reg_country'],
      ['create_enterprise_realname_authentication', { ...enterprise, reg_address: 'a'.repeat(513) }, 'CBC.0100', 'reg_address'],
      ['create_enterprise_realname_authentication', { ...enterprise, xaccount_type: undefined }, 'CBC.0100', 'xaccount_type'],
      ['create_enterprise_realname_authentication', { ...enterprise, xaccount_type: 'other_platform' }, 'CBC.0100', 'xaccount_type'],
      ['create_enterprise_realname_authentication', { ...enterprise, enterprise_person: { legel_name: 'Zhang San' } }, 'CBC.0100', 'legel_id_number'],
      ['create_enterprise_realname_authentication', { ...enterprise, enterprise_person: { ...person, certifier_role: 'boss' } }, 'CBC.0100', 'certifier_role'],
      ['create_enterprise_realname_authentication', { ...enterprise, enterprise_person: person }, 'CBC.0100', 'verified_file_url'],
      ['change_enterprise_realname_authentication', { ...enterprise, change_type: 2 }, 'CBC.0100', 'change_type'],
      ['change_enterprise_realname_authentication', { ...enterprise }, 'CBC.0100', 'change_type'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 0, verified_file_url: files, name: 'Li Si', verified_number: 'E12345678', xaccount_type: 'demo_platform' }, 'CBC.0100', 'verified_type'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 0, verified_type: 7, verified_file_url: files, name: 'Li Si', verified_number: 'E12345678', xaccount_type: 'demo_platform' }, 'CBC.0100', 'verified_type'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 0, verified_type: 3, verified_file_url: files.slice(0, 2), name: 'Li Si', verified_number: 'E12345678', xaccount_type: 'demo_platform' }, 'CBC.0100', 'verified_file_url'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 0, verified_type: 3, verified_file_url: files, name: '', verified_number: 'E12345678', xaccount_type: 'demo_platform' }, 'CBC.0100', 'name'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 0, verified_type: 3, verified_file_url: files, name: 'Li Si', verified_number: 'E12345678', change_type: 1, xaccount_type: 'demo_platform' }, 'CBC.0100', 'change_type'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 4, verified_file_url: [files[0]], name: 'Li Si', verified_number: 'E12345678', xaccount_type: 'demo_platform' }, 'CBC.0100', 'bank_card_info'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 4, verified_file_url: [files[0]], name: 'Li Si', verified_number: 'E12345678', xaccount_type: 'demo_platform', bank_card_info: { bank_account: '-6222', areacode: '0086', mobile: freshMobile(), verification_code: '123456' } }, 'CBC.0100', 'bank_account'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 4, verified_file_url: [files[0]], name: 'Li Si', verified_number: 'E12345678', xaccount_type: 'demo_platform', bank_card_info: { bank_account: '6222', areacode: '0001', mobile: freshMobile(), verification_code: '123456' } }, 'CBC.0100', 'areacode'],
      ['create_personal_realname_auth', { customer_id: customer.id, identify_type: 4, verified_file_url: [files[0]], name: 'Li Si', verified_number: 'E12345678', xaccount_type: 'demo_platform', bank_card_info: { bank_account: '6222', areacode: '0086', mobile: freshMobile() } }, 'CBC.0100', 'verification_code'],
    ];
    const before = await counts();
    for (const [op, body, errorCode, field] of cases) await expectRefused(op as 'create_sub_customer', body, errorCode, field);
    assert.deepEqual(await counts(), before);
    const status = await client(t, 'distributor').call('list_sub_customers', { body: { customer_id: customer.id } });
    assert.equal((status.body.customer_infos as Array<{ verified_status: string }>)[0]!.verified_status, '-1');
  });

  it('list_sub_customers and list_sub_customer_new_tag: filters of the wrong form', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['list_sub_customers', { limit: 101 }, 'limit'],
      ['list_sub_customers', { limit: 0 }, 'limit'],
      ['list_sub_customers', { offset: -1 }, 'offset'],
      ['list_sub_customers', { offset: 40_000_001 }, 'offset'],
      ['list_sub_customers', { limit: '10' }, 'limit'],
      ['list_sub_customers', { association_type: '3' }, 'association_type'],
      ['list_sub_customers', { associated_on_begin: '2026-01-01' }, 'associated_on_begin'],
      ['list_sub_customers', { associated_on_end: '' }, 'associated_on_end'],
      ['list_sub_customers', { label: 'two words' }, 'label'],
      ['list_sub_customers', { account_name: 'a'.repeat(65) }, 'account_name'],
      ['list_sub_customers', { customer_id: 'c'.repeat(65) }, 'customer_id'],
      ['list_sub_customer_new_tag', { customer_ids: ['c'.repeat(65)] }, 'customer_ids[0]'],
      ['list_sub_customer_new_tag', { customer_ids: 'abc' }, 'customer_ids'],
      ['list_sub_customer_new_tag', { limit: 101 }, 'limit'],
    ];
    for (const [op, body, field] of cases) await expectRefused(op as 'list_sub_customers', body, 'CBC.0100', field);
    const err = await expectSdkError(client(t, 'distributor').call('list_sub_customers', { body: { indirect_partner_id: actorId('provider_customer') } }));
    assert.equal(err.errorCode, 'CBC.99000037');
  });
});
