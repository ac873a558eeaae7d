import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, expectSdkError } from '../support/sdk.ts';
import { actorId, advance, client, createCustomer, creds, ENTERPRISE, freshMobile, JPEG, keyFor, operator, PDF, PERSON, PNG, signedGetHeaders, upload, uploadAttachments, withRequestIds } from './helpers.ts';

describe('customers: real-name verification', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const call = (who: string, op: 'create_enterprise_realname_authentication' | 'change_enterprise_realname_authentication' | 'create_personal_realname_auth', body: Record<string, unknown>) =>
    client(t, who).call(op, { body });
  const result = async (who: string, customerId: string) =>
    (await client(t, who).call('show_realname_authentication_review_result', { query: { customer_id: customerId } })).body;
  const inReview = async (customerId: string) => {
    const res = await operator(t, 'GET', `/operator/v1/realname-reviews?customer_id=${customerId}`);
    return res.body.reviews as Array<{ id: string; status: string; kind: string }>;
  };
  const setPolicy = async (auto_decision: string) => assert.equal((await operator(t, 'PUT', '/operator/v1/realname-policy', { auto_decision })).status, 200);

  it('takes uploads into a partner\'s bucket only from partners', async () => {
    assert.equal((await upload(t, creds('distributor'), 'a/b/c.png', PNG, 'image/png')).status, 201);
    const byCustomer = await upload(t, creds('resale_customer'), 'x.png', PNG);
    assert.equal(byCustomer.status, 403);
    assert.equal(byCustomer.body.error_code, 'CBC.0151');
  });

  it('queues an enterprise application for review, answers in-review, then the approval', async () => {
    const c = await createCustomer(t, 'distributor');
    assert.deepEqual(await result('distributor', c.id), {});
    const files = await uploadAttachments(t, 'distributor', `ent-${c.id}`, 3);
    const res = await call('distributor', 'create_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, verified_file_url: files, enterprise_person: PERSON, certificate_type: 0 });
    assert.deepEqual(res.body, { is_review: 1 });
    assert.deepEqual(await result('distributor', c.id), { review_result: 0 });
    const again = await expectSdkError(call('distributor', 'create_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, verified_file_url: [files[0]] }));
    assert.equal(again.errorCode, 'CBC.99007188');
    const [review] = await inReview(c.id);
    assert.equal(review!.kind, 'enterprise');
    const approved = await operator(t, 'POST', `/operator/v1/realname-reviews/${review!.id}/approve`);
    assert.equal(approved.status, 200);
    assert.equal(approved.body.status, 'approved');
    assert.deepEqual(await result('distributor', c.id), { review_result: 2 });
    const info = (await client(t, 'distributor').call('list_sub_customers', { body: { customer_id: c.id } })).body.customer_infos as Array<Record<string, unknown>>;
    assert.equal(info[0]!.verified_status, '2');
    assert.equal(info[0]!.customer_type, 1);
    assert.equal(info[0]!.customer, ENTERPRISE.corp_name);
    // Found by its verified name.
    const byName = await client(t, 'distributor').call('list_sub_customers', { body: { customer: 'Technology' } });
    assert.ok((byName.body.customer_infos as Array<{ customer_id: string }>).some((i) => i.customer_id === c.id));
    const verified = await expectSdkError(call('distributor', 'create_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, verified_file_url: [files[0]] }));
    assert.equal(verified.errorCode, 'CBC.99007188');
    // Decided once only.
    assert.equal((await operator(t, 'POST', `/operator/v1/realname-reviews/${review!.id}/reject`, { opinion: 'late' })).status, 409);
  });

  it('keeps the attachments as submitted, whatever happens to the bucket afterwards', async () => {
    const c = await createCustomer(t, 'distributor');
    assert.equal((await upload(t, creds('distributor'), `keep-${c.id}/licence.pdf`, PDF, 'application/pdf')).status, 201);
    await call('distributor', 'create_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, verified_file_url: [`keep-${c.id}/licence.pdf`] });
    assert.equal((await upload(t, creds('distributor'), `keep-${c.id}/licence.pdf`, Buffer.from('%PDF-2.0 replaced'), 'application/pdf')).status, 201);
    const [review] = await inReview(c.id);
    const res = await fetch(`${t.url}/operator/v1/realname-reviews/${review!.id}/attachments/1`, { headers: signedGetHeaders(t, `/operator/v1/realname-reviews/${review!.id}/attachments/1`) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PDF);
  });

  it('checks attachments: format by name and content (CBC.99000100), size (CBC.99000099), existence', async () => {
    const c = await createCustomer(t, 'distributor');
    const dir = `checks-${c.id}`;
    await upload(t, creds('distributor'), `${dir}/notes.txt`, Buffer.from('hello'));
    await upload(t, creds('distributor'), `${dir}/fake.pdf`, PNG);
    await upload(t, creds('distributor'), `${dir}/big.jpg`, Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]));
    await upload(t, creds('distributor'), `${dir}/UPPER.JPG`, JPEG);
    const submit = (path: string) => call('distributor', 'create_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, verified_file_url: [path] });
    for (const [path, code] of [
      [`${dir}/notes.txt`, 'CBC.99000100'],
      [`${dir}/noextension`, 'CBC.99000100'],
      [`${dir}/fake.pdf`, 'CBC.99000100'],
      [`${dir}/big.jpg`, 'CBC.99000099'],
      [`${dir}/missing.png`, 'CBC.0100'],
      [`${dir}/upper.jpg`, 'CBC.0100'],
    ] as const) {
      const err = await expectSdkError(submit(path));
      assert.equal(err.errorCode, code, path);
      assert.match(err.errorMsg!, /verified_file_url\[0\]/);
    }
    // Another partner's bucket is not yours.
    await upload(t, creds('solution_provider'), `${dir}/theirs.png`, PNG);
    assert.equal((await expectSdkError(submit(`${dir}/theirs.png`))).errorCode, 'CBC.0100');
    assert.deepEqual(await result('distributor', c.id), {});
    assert.deepEqual(await submit(`${dir}/UPPER.JPG`).then((r) => r.body), { is_review: 1 });
  });

  it('verifies an individual, then changes it to an enterprise; a refused change leaves it an individual', async () => {
    const c = await createCustomer(t, 'distributor');
    const files = await uploadAttachments(t, 'distributor', `ind-${c.id}`, 3);
    const notYet = await expectSdkError(call('distributor', 'change_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, change_type: 1, verified_file_url: [files[0]] }));
    assert.equal(notYet.errorCode, 'CBC.99007004');
    const ind = await call('distributor', 'create_personal_realname_auth', { customer_id: c.id, identify_type: 0, verified_type: 3, verified_file_url: files, name: 'Li Si', verified_number: 'E12345678', change_type: -1, xaccount_type: 'demo_platform' });
    assert.deepEqual(ind.body, { is_review: 1 });
    await operator(t, 'POST', `/operator/v1/realname-reviews/${(await inReview(c.id))[0]!.id}/approve`);

    const change = () => call('distributor', 'change_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, change_type: 1, verified_file_url: [files[0]] });
    assert.deepEqual((await change()).body, { is_review: 1 });
    const listInfo = async () => ((await client(t, 'distributor').call('list_sub_customers', { body: { customer_id: c.id } })).body.customer_infos as Array<Record<string, unknown>>)[0]!;
    assert.equal((await listInfo()).verified_status, '2');
    assert.equal((await listInfo()).customer_type, 0);
    await operator(t, 'POST', `/operator/v1/realname-reviews/${(await inReview(c.id))[0]!.id}/reject`, { opinion: 'The licence is not legible.' });
    assert.deepEqual(await result('distributor', c.id), { review_result: 1, opinion: 'The licence is not legible.' });
    assert.equal((await listInfo()).verified_status, '2');
    assert.equal((await listInfo()).customer_type, 0);
    assert.equal((await listInfo()).customer, 'Li Si');

    assert.deepEqual((await change()).body, { is_review: 1 });
    await operator(t, 'POST', `/operator/v1/realname-reviews/${(await inReview(c.id))[0]!.id}/approve`);
    assert.equal((await listInfo()).customer_type, 1);
    assert.equal((await listInfo()).customer, ENTERPRISE.corp_name);
    const twice = await expectSdkError(change());
    assert.equal(twice.errorCode, 'CBC.99007004');
  });

  it('verifies an individual by bank card with a scene-18 code for that customer', async () => {
    const c = await createCustomer(t, 'distributor');
    const [face] = await uploadAttachments(t, 'distributor', `card-${c.id}`, 1);
    const mobile = freshMobile();
    const sent = await client(t, 'distributor').call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: mobile, scene: 18, customer_id: c.id } });
    assert.equal(sent.status, 204);
    const out = await operator(t, 'GET', `/operator/v1/verification-outbox?mobile_phone=${mobile}&limit=1`);
    const code = (out.body.messages as Array<{ code: string; scene: number }>)[0]!;
    assert.equal(code.scene, 18);
    const body = (verification_code: string) => ({
      customer_id: c.id,
      identify_type: 4,
      verified_file_url: [face],
      name: 'Wang Wu',
      verified_number: '110101199202021234',
      xaccount_type: 'demo_platform',
      bank_card_info: { bank_account: '6222020200112233445', areacode: '0086', mobile, verification_code },
    });
    const wrong = await expectSdkError(call('distributor', 'create_personal_realname_auth', body(code.code === '000000' ? '111111' : '000000')));
    assert.equal(wrong.errorCode, 'CBC.99004010');
    assert.deepEqual(await result('distributor', c.id), {});
    assert.deepEqual((await call('distributor', 'create_personal_realname_auth', body(code.code))).body, { is_review: 1 });
    const [review] = await inReview(c.id);
    const detail = await operator(t, 'GET', `/operator/v1/realname-reviews/${review!.id}`);
    assert.deepEqual(detail.body.details, { bank_account: '****3445', mobile });
  });

  it('decides at once when the policy says so (is_review 0), approving or rejecting with an opinion', async () => {
    await setPolicy('approve');
    try {
      const a = await createCustomer(t, 'distributor');
      const files = await uploadAttachments(t, 'distributor', `auto-${a.id}`, 1);
      assert.deepEqual((await call('distributor', 'create_enterprise_realname_authentication', { customer_id: a.id, ...ENTERPRISE, verified_file_url: files })).body, { is_review: 0 });
      assert.deepEqual(await result('distributor', a.id), { review_result: 2 });
      await setPolicy('reject');
      const r = await createCustomer(t, 'distributor');
      assert.deepEqual((await call('distributor', 'create_enterprise_realname_authentication', { customer_id: r.id, ...ENTERPRISE, verified_file_url: files })).body, { is_review: 0 });
      const res = await result('distributor', r.id);
      assert.equal(res.review_result, 1);
      assert.match(String(res.opinion), /automatically/);
    } finally {
      await setPolicy('manual');
    }
    assert.deepEqual((await operator(t, 'GET', '/operator/v1/realname-policy')).body, { auto_decision: 'manual' });
    assert.equal((await operator(t, 'PUT', '/operator/v1/realname-policy', { auto_decision: 'sometimes' })).status, 400);
  });

  it('refuses a rejection without an opinion, and unknown applications', async () => {
    const c = await createCustomer(t, 'distributor');
    const files = await uploadAttachments(t, 'distributor', `op-${c.id}`, 1);
    await call('distributor', 'create_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, verified_file_url: files });
    const [review] = await inReview(c.id);
    assert.equal((await operator(t, 'POST', `/operator/v1/realname-reviews/${review!.id}/reject`, {})).status, 400);
    assert.equal((await operator(t, 'POST', `/operator/v1/realname-reviews/${review!.id}/reject`, { opinion: '' })).status, 400);
    assert.equal((await operator(t, 'POST', '/operator/v1/realname-reviews/nope/approve')).status, 404);
    const queue = await operator(t, 'GET', '/operator/v1/realname-reviews');
    assert.ok((queue.body.reviews as Array<{ id: string }>).some((r) => r.id === review!.id));
    const partnerTry = await client(t, 'distributor').call('list_sub_customers', { body: {} });
    assert.equal(partnerTry.status, 200);
    const denied = await fetch(`${t.url}/operator/v1/realname-reviews`);
    assert.equal(denied.status, 401);
  });

  it("answers the customer's own status, and a single-use face-verification link that expires after 10 minutes", async () => {
    const c = await createCustomer(t, 'distributor');
    const me = withRequestIds(bssClient(t.url, await keyFor(t, c.id)));
    assert.deepEqual((await me.call('show_real_name_auth_status')).body, { verified_status: -1 });
    const qr = await me.call('show_real_name_auth_qr_code');
    const link = String(qr.body.qr_code_url);
    assert.ok(link.startsWith(`${t.url}/realname/v1/face-verification/`), link);
    assert.equal((await fetch(link)).status, 200);
    const second = await fetch(link);
    assert.equal(second.status, 410);
    assert.equal(((await second.json()) as { error_code: string }).error_code, 'PBSS.0410');
    const late = String((await me.call('show_real_name_auth_qr_code')).body.qr_code_url);
    advance(t, 10 * 60_000 + 1000);
    assert.equal((await fetch(late)).status, 410);
    assert.equal((await fetch(`${t.url}/realname/v1/face-verification/not-a-token`)).status, 410);

    const files = await uploadAttachments(t, 'distributor', `status-${c.id}`, 1);
    await call('distributor', 'create_enterprise_realname_authentication', { customer_id: c.id, ...ENTERPRISE, verified_file_url: files });
    assert.deepEqual((await me.call('show_real_name_auth_status')).body, { verified_status: 0, verified_type: 1 });
    assert.equal((await expectSdkError(me.call('show_real_name_auth_qr_code'))).errorCode, 'CBC.99007188');
    // Partners do not call the customer's own operations.
    assert.equal((await expectSdkError(client(t, 'distributor').call('show_real_name_auth_status'))).status, 403);
    assert.equal((await expectSdkError(client(t, 'distributor').call('show_real_name_auth_qr_code'))).status, 403);
  });

  it("answers another partner's customer exactly like a missing one (CBC.99000035)", async () => {
    const files = await uploadAttachments(t, 'solution_provider', 'foreign', 3);
    for (const target of [actorId('resale_customer'), actorId('reseller_customer'), 'no-such-customer']) {
      const errs = await Promise.all([
        expectSdkError(call('solution_provider', 'create_enterprise_realname_authentication', { customer_id: target, ...ENTERPRISE, verified_file_url: [files[0]] })),
        expectSdkError(call('solution_provider', 'change_enterprise_realname_authentication', { customer_id: target, ...ENTERPRISE, change_type: 1, verified_file_url: [files[0]] })),
        expectSdkError(call('solution_provider', 'create_personal_realname_auth', { customer_id: target, identify_type: 0, verified_type: 3, verified_file_url: files, name: 'X', verified_number: '1', xaccount_type: 'demo_platform' })),
        expectSdkError(client(t, 'solution_provider').call('show_realname_authentication_review_result', { query: { customer_id: target } })),
      ]);
      for (const e of errs) {
        assert.equal(e.status, 400);
        assert.equal(e.errorCode, 'CBC.99000035', target);
        assert.equal(e.errorMsg, errs[0]!.errorMsg);
      }
    }
  });
});
