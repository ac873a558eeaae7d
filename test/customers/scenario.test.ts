import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient } from '../support/sdk.ts';
import { client, ENTERPRISE, freshMobile, freshName, keyFor, latestCode, operator, PERSON, uploadAttachments, withRequestIds } from './helpers.ts';

describe('customers: a registration and enterprise verification, end to end', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('registers with a verification code, is rejected with an opinion, resubmits and is approved', async () => {
    const partner = client(t, 'distributor');
    const mobile = freshMobile();
    const name = freshName('scenario');

    // Registration: the name is free, a code goes to the phone, the customer is created with it.
    assert.equal((await partner.call('check_user_identity', { body: { search_type: 'name', search_value: name } })).body.check_result, 'available');
    assert.equal((await partner.call('check_user_identity', { body: { search_type: 'mobile', search_value: `0086-${mobile}` } })).body.mobile_remain_available_num, 5);
    assert.equal((await partner.call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: mobile } })).status, 204);
    const code = await latestCode(t, mobile);
    const created = await partner.call('create_sub_customer', {
      body: { xaccount_id: `x-${name}`, xaccount_type: 'demo_platform', domain_name: name, mobile_phone: mobile, verification_code: code, password: 'Scenario#2026', include_association_result: true },
    });
    assert.equal(created.status, 200);
    const customerId = String(created.body.domain_id);
    assert.equal(created.body.domain_name, name);
    assert.equal((await partner.call('check_user_identity', { body: { search_type: 'name', search_value: name } })).body.check_result, 'used_by_user');

    const customer = withRequestIds(bssClient(t.url, await keyFor(t, customerId)));
    const read = async () => ({
      result: (await partner.call('show_realname_authentication_review_result', { query: { customer_id: customerId } })).body,
      status: (await customer.call('show_real_name_auth_status')).body,
      listed: ((await partner.call('list_sub_customers', { body: { customer_id: customerId } })).body.customer_infos as Array<Record<string, unknown>>)[0],
    });

    let now = await read();
    assert.deepEqual(now.result, {});
    assert.deepEqual(now.status, { verified_status: -1 });
    assert.equal(now.listed!.verified_status, '-1');
    assert.equal(now.listed!.telephone, mobile);

    // First submission: queued for review.
    const files = await uploadAttachments(t, 'distributor', `scenario/${customerId}`, 3);
    const first = await partner.call('create_enterprise_realname_authentication', {
      body: { customer_id: customerId, ...ENTERPRISE, certificate_type: 0, verified_file_url: files, enterprise_person: PERSON },
    });
    assert.deepEqual(first.body, { is_review: 1 });
    now = await read();
    assert.deepEqual(now.result, { review_result: 0 });
    assert.deepEqual(now.status, { verified_status: 0, verified_type: 1 });
    assert.equal(now.listed!.verified_status, '0');

    // The operator rejects it with an opinion.
    const queue = await operator(t, 'GET', `/operator/v1/realname-reviews?customer_id=${customerId}`);
    const [review] = queue.body.reviews as Array<{ id: string; name: string; attachments: number; details: Record<string, unknown> }>;
    assert.equal(review!.name, ENTERPRISE.corp_name);
    assert.equal(review!.attachments, 3);
    assert.deepEqual(review!.details.enterprise_person, PERSON);
    const rejected = await operator(t, 'POST', `/operator/v1/realname-reviews/${review!.id}/reject`, { opinion: 'The business licence photo is blurred; please upload a clear scan.' });
    assert.equal(rejected.status, 200);
    now = await read();
    assert.deepEqual(now.result, { review_result: 1, opinion: 'The business licence photo is blurred; please upload a clear scan.' });
    assert.deepEqual(now.status, { verified_status: 1, verified_type: 1 });
    assert.equal(now.listed!.verified_status, '1');
    assert.equal(now.listed!.customer, undefined);

    // Resubmitted with a clearer licence, then approved.
    const [clearer] = await uploadAttachments(t, 'distributor', `scenario/${customerId}/v2`, 1);
    const second = await partner.call('create_enterprise_realname_authentication', {
      body: { customer_id: customerId, ...ENTERPRISE, certificate_type: 0, verified_file_url: [clearer, files[1], files[2]], enterprise_person: PERSON },
    });
    assert.deepEqual(second.body, { is_review: 1 });
    now = await read();
    assert.deepEqual(now.result, { review_result: 0 });
    assert.deepEqual(now.status, { verified_status: 0, verified_type: 1 });

    const pending = (await operator(t, 'GET', `/operator/v1/realname-reviews?customer_id=${customerId}`)).body.reviews as Array<{ id: string }>;
    assert.equal(pending.length, 1);
    assert.notEqual(pending[0]!.id, review!.id);
    assert.equal((await operator(t, 'POST', `/operator/v1/realname-reviews/${pending[0]!.id}/approve`)).status, 200);
    now = await read();
    assert.deepEqual(now.result, { review_result: 2 });
    assert.deepEqual(now.status, { verified_status: 2, verified_type: 1 });
    assert.equal(now.listed!.verified_status, '2');
    assert.equal(now.listed!.customer_type, 1);
    assert.equal(now.listed!.customer, ENTERPRISE.corp_name);

    const history = await operator(t, 'GET', `/operator/v1/realname-reviews?customer_id=${customerId}&status=all`);
    assert.deepEqual((history.body.reviews as Array<{ status: string }>).map((r) => r.status), ['rejected', 'approved']);
  });
});
