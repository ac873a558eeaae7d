import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { expectSdkError } from '../support/sdk.ts';
import { REALNAME_ATTEMPTS_PER_DAY } from '../../src/modules/customers/index.ts';
import { advance, client, countRows, createCustomer, ENTERPRISE, operator, uploadAttachments } from './helpers.ts';

/** Real-name attempt limits: at most 5 applications per customer in any rolling 24 hours (CBC.99007191). */
describe(`customers: real-name attempt limits (${DIALECT})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('refuses the sixth application within 24 hours, storing nothing, and allows it a day later', async () => {
    assert.equal((await operator(t, 'PUT', '/operator/v1/realname-policy', { auto_decision: 'reject' })).status, 200);
    const c = await createCustomer(t, 'distributor');
    const other = await createCustomer(t, 'distributor');
    const files = await uploadAttachments(t, 'distributor', `attempts-${c.id}`, 1);
    const submit = (customerId: string) =>
      client(t, 'distributor').call('create_enterprise_realname_authentication', { body: { customer_id: customerId, ...ENTERPRISE, verified_file_url: files } });
    for (let i = 0; i < REALNAME_ATTEMPTS_PER_DAY; i++) assert.deepEqual((await submit(c.id)).body, { is_review: 0 });
    const before = await countRows(t, 'realname_applications');
    const err = await expectSdkError(submit(c.id));
    assert.deepEqual([err.status, err.errorCode], [400, 'CBC.99007191']);
    assert.equal(await countRows(t, 'realname_applications'), before);
    // Another customer is not affected.
    assert.deepEqual((await submit(other.id)).body, { is_review: 0 });
    advance(t, 24 * 3_600_000 + 1000);
    assert.deepEqual((await submit(c.id)).body, { is_review: 0 });
    assert.equal((await operator(t, 'PUT', '/operator/v1/realname-policy', { auto_decision: 'manual' })).status, 200);
  });
});
