import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, expectSdkError, signedFetch, type Credentials } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';

/** Discounts: partners grant their resale customers rates (607); the operator grants business (605) and channel (606) discounts. */

type Row = Record<string, unknown>;
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const distributor = credsOf(demoActor('distributor'));
const operator = credsOf(demoActor('operator'));
const resale = demoActor('resale_customer');

const disk = { id: 'disk', cloud_service_type: 'hws.service.type.ebs', resource_type: 'hws.resource.type.volume', resource_spec: 'SAS', region: 'cn-north-4', resource_size: 100, size_measure_id: 17, period_type: 2, period_num: 1, subscription_num: 1 };

describe('discounts', () => {
  let t: TestApp;
  const post = (creds: Credentials, path: string, body: unknown) => signedFetch(t.url, creds, { method: 'POST', path, headers: JSON_HEADERS, body });
  const get = (creds: Credentials, path: string, query: Record<string, string> = {}) => signedFetch(t.url, creds, { method: 'GET', path, query });
  const del = (creds: Credentials, path: string) => signedFetch(t.url, creds, { method: 'DELETE', path });
  // A fresh project id per call: an identical signed request repeated within a second is refused as a replay.
  let calls = 0;
  const quote = async (actor = 'resale_customer', products: unknown[] = [disk]) =>
    (await bssClient(t.url, credsOf(demoActor(actor))).call('list_rate_on_period_detail', { body: { project_id: `p${++calls}`, product_infos: products } })).body;
  /** Results by type then amount (within a type they come in discount-id order, which is random here). */
  const options = (body: Row) =>
    (body.optional_discount_rating_results as Row[])
      .map((o) => [o.discount_type, o.amount, o.best_offer] as [number, number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('a partner grants its resale customer a discount that quotes then offer (and the best offer moves)', async () => {
    // 100 GB SAS for a month: 100 × 0.35 = 35. Demo: 606 ×0.92 = 32.2, 607 ×0.85 = 29.75 (best).
    assert.deepEqual(options(await quote()), [[606, 32.2, 0], [607, 29.75, 1]]);
    const res = await post(distributor, '/v2/partners/discounts', {
      discounts: [{ customer_id: resale.accountId, discount_ratio: 0.7, name: 'EVS 7折', service_type_code: 'hws.service.type.ebs', charge_mode: 'PERIOD' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const granted = (res.body.discounts as Row[])[0]!;
    assert.deepEqual([granted.discount_type, granted.discount_ratio, granted.customer_id, granted.partner_id, granted.status], [607, 0.7, resale.accountId, demoActor('distributor').accountId, 'active']);
    assert.deepEqual(options(await quote()), [[606, 32.2, 0], [607, 24.5, 1], [607, 29.75, 0]]);
    // Revoked, it is no longer offered.
    assert.equal((await del(distributor, `/v2/partners/discounts/${String(granted.discount_id)}`)).status, 204);
    assert.deepEqual(options(await quote()), [[606, 32.2, 0], [607, 29.75, 1]]);
    const listed = await get(distributor, '/v2/partners/discounts', { customer_id: resale.accountId });
    assert.equal(listed.status, 200);
    assert.equal((listed.body.discounts as Row[]).find((d) => d.discount_id === granted.discount_id)!.status, 'revoked');
  });

  it('refuses grants the rules do not allow, storing nothing of the batch', async () => {
    const count = async () => Number((await get(operator, '/operator/v1/discounts', { limit: '100' })).body.total_count);
    const before = await count();
    const grant = (discounts: unknown[], creds = distributor) => post(creds, '/v2/partners/discounts', { discounts });
    const good = { customer_id: resale.accountId, discount_ratio: 0.9 };
    const cases: Array<[unknown[], number, string]> = [
      [[good, { ...good, service_type_code: 'hws.service.type.cdn' }], 400, 'PBSS.0400'], // CDN's policy forbids partner discounts
      [[good, { customer_id: demoActor('referral_customer').accountId, discount_ratio: 0.9 }], 400, 'PBSS.0400'], // resale customers only
      [[good, { customer_id: demoActor('provider_customer').accountId, discount_ratio: 0.9 }], 400, 'CBC.99000035'], // not this partner's
      [[{ ...good, discount_ratio: 0.12345 }], 400, 'PBSS.0400'], // at most 4 decimals
      [[{ ...good, discount_ratio: 1.5 }], 400, 'CBC.0100'], // schema: at most 1
      [[{ ...good, service_type_code: 'hws.service.type.none' }], 400, 'PBSS.0400'],
      [[{ ...good, expire_time: '2020-01-01T00:00:00Z' }], 400, 'PBSS.0400'],
    ];
    for (const [discounts, status, code] of cases) {
      const res = await grant(discounts);
      assert.deepEqual([res.status, res.body.error_code], [status, code], JSON.stringify(discounts));
    }
    assert.equal(await count(), before);
    // Customers cannot grant; another partner cannot revoke or list the distributor's grants.
    assert.equal((await grant([good], credsOf(resale))).body.error_code, 'CBC.0151');
    const mine = (await get(distributor, '/v2/partners/discounts')).body.discounts as Row[];
    const provider = credsOf(demoActor('solution_provider'));
    assert.deepEqual((await get(provider, '/v2/partners/discounts')).body.discounts, []);
    assert.equal((await del(provider, `/v2/partners/discounts/${String(mine[0]!.discount_id)}`)).status, 404);
  });

  it('the operator grants business and channel discounts and previews a customer\'s quote', async () => {
    const provider = demoActor('solution_provider');
    const res = await post(operator, '/operator/v1/discounts', {
      discounts: [
        { discount_type: 605, customer_id: demoActor('provider_customer').accountId, discount_ratio: 0.8, service_type_code: 'hws.service.type.ebs' },
        { discount_type: 606, partner_id: provider.accountId, discount_ratio: 0.95 },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(options(await quote('provider_customer')), [[605, 28, 1], [606, 33.25, 0]]);
    const preview = await post(operator, '/operator/v1/rating/period-quote', { customer_id: demoActor('provider_customer').accountId, product_infos: [disk] });
    assert.equal(preview.status, 200);
    assert.deepEqual(options(preview.body), [[605, 28, 1], [606, 33.25, 0]]);
    const bad = await post(operator, '/operator/v1/discounts', { discounts: [{ discount_type: 605, partner_id: provider.accountId, discount_ratio: 0.8 }] });
    assert.equal(bad.body.error_code, 'PBSS.0400');
    // The operator revokes any discount.
    const id = String(((res.body.discounts as Row[])[1] as Row).discount_id);
    assert.equal((await del(operator, `/operator/v1/discounts/${id}`)).status, 204);
    assert.deepEqual(options(await quote('provider_customer')), [[605, 28, 1]]);
    // The partner plane is not the operator plane.
    assert.equal((await post(distributor, '/operator/v1/discounts', { discounts: [{ discount_type: 605, customer_id: resale.accountId, discount_ratio: 0.5 }] })).body.error_code, 'CBC.0151');
  });

  it('documents the discount routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    assert.ok(doc.paths['/v2/partners/discounts']?.post);
    assert.ok(doc.paths['/operator/v1/discounts']?.post);
    assert.ok(doc.paths['/operator/v1/catalog/import']?.post);
    assert.ok(doc.paths['/operator/v1/catalog/tables/{table}']?.put);
  });

  it('still answers the SDK: partners cannot rate, customers cannot list policies', async () => {
    const err = await expectSdkError(bssClient(t.url, distributor).call('list_on_demand_resource_ratings', { body: { project_id: 'p', product_infos: [] } }));
    assert.equal(err.errorCode, 'CBC.0151');
  });
});
