import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, expectSdkError } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { signedText } from '../catalog/signed-text.ts';

/**
 * The rating operations through the official signer, on the demo catalog and the demo discounts
 * (resale customer: 605 ECS ×0.9, 606 yearly/monthly ×0.92 via its distributor, 607 ×0.85 except CDN).
 */

type Row = Record<string, unknown>;
const ECS = { cloud_service_type: 'hws.service.type.ec2', resource_type: 'hws.resource.type.vm' };
const EVS = { cloud_service_type: 'hws.service.type.ebs', resource_type: 'hws.resource.type.volume' };
const BW = { cloud_service_type: 'hws.service.type.vpc', resource_type: 'hws.resource.type.bandwidth' };
const DC = { cloud_service_type: 'hws.service.type.dcaas', resource_type: 'hws.resource.type.dc.port' };
const OBS = { cloud_service_type: 'hws.service.type.obs', resource_type: 'hws.resource.type.obs' };
const CDN = { cloud_service_type: 'hws.service.type.cdn', resource_type: 'hws.resource.type.cdn' };

const periodProducts = [
  { id: 'vm', ...ECS, resource_spec: 's6.large.2.linux', region: 'cn-north-4', period_type: 2, period_num: 3, subscription_num: 2 },
  { id: 'disk', ...EVS, resource_spec: 'SSD', region: 'cn-north-4', resource_size: 100, size_measure_id: 17, period_type: 3, period_num: 1, subscription_num: 1 },
  { id: 'bw', ...BW, resource_spec: '19_bgp', region: 'cn-north-4', resource_size: 10, size_measure_id: 15, period_type: 2, period_num: 1, subscription_num: 1 },
  { id: 'port', ...DC, resource_spec: 'dc.port.1ge', region: 'cn-east-3', period_type: 2, period_num: 2, subscription_num: 1 },
];

const amountsById = (results: Row[], field = 'amount') => Object.fromEntries(results.map((r) => [r.id, r[field]]));

describe('rating operations', () => {
  let t: TestApp;
  let resale: ReturnType<typeof bssClient>;
  before(async () => {
    t = await startTestApp();
    resale = bssClient(t.url, credsOf(demoActor('resale_customer')));
  });
  after(async () => t.close());

  // A fresh project id per call: the server refuses an identical signed request repeated within the signature's second (replay).
  let calls = 0;
  const rate = (products: unknown[], client = resale) => client.call('list_rate_on_period_detail', { body: { project_id: `p${++calls}`, product_infos: products } });

  it('prices yearly/monthly products: official price, one result per discount, the best offer marked', async () => {
    const res = await rate(periodProducts);
    assert.equal(res.status, 200);
    assert.equal(res.body.currency, 'CNY');
    const official = res.body.official_website_rating_result as Row;
    // vm: 108 × 3 months × 2 = 648; disk: 100 GB × 1.00 × 10 (a year) = 1000;
    // bw: 5 × 23 + 5 × 80 = 515; port: 2 × 2000 + 1500 one-time = 5500. Total 7663.
    assert.equal(official.official_website_amount, 7663);
    assert.deepEqual(amountsById(official.product_rating_results as Row[], 'official_website_amount'), { vm: 648, disk: 1000, bw: 515, port: 5500 });
    assert.ok((official.product_rating_results as Row[]).every((r) => typeof r.product_id === 'string' && String(r.product_id).startsWith('OFFI')));

    const options = res.body.optional_discount_rating_results as Row[];
    assert.deepEqual(
      options.map((o) => [o.discount_type, o.amount, o.discount_amount, o.best_offer]),
      [
        [605, 7598.2, 64.8, 0], // ECS only: 648 × 0.9 = 583.2
        [606, 7049.96, 613.04, 0], // 7663 × 0.92
        [607, 6513.55, 1149.45, 1], // 7663 × 0.85: the largest saving
      ],
    );
    const business = options[0]!;
    assert.deepEqual(amountsById(business.product_rating_results as Row[]), { vm: 583.2, disk: 1000, bw: 515, port: 5500 });
    assert.deepEqual(amountsById(business.product_rating_results as Row[], 'discount_amount'), { vm: 64.8, disk: 0, bw: 0, port: 0 });
  });

  it('answers the same per product whatever the order of the request', async () => {
    const forward = await rate(periodProducts);
    const backward = await rate([...periodProducts].reverse());
    const view = (body: Row) => ({
      official: amountsById((body.official_website_rating_result as Row).product_rating_results as Row[], 'official_website_amount'),
      options: (body.optional_discount_rating_results as Row[]).map((o) => [o.discount_id, o.amount, o.best_offer, amountsById(o.product_rating_results as Row[])]),
    });
    assert.deepEqual(view(backward.body), view(forward.body));
    assert.deepEqual(
      ((backward.body.official_website_rating_result as Row).product_rating_results as Row[]).map((r) => r.id),
      ['port', 'bw', 'disk', 'vm'],
    );
  });

  it('gives other customers only the discounts that reach them', async () => {
    // The referral customer is the distributor's too: the channel discount reaches it; partner discounts go to resale customers.
    const referral = await rate([periodProducts[0]], bssClient(t.url, credsOf(demoActor('referral_customer'))));
    assert.deepEqual((referral.body.optional_discount_rating_results as Row[]).map((o) => [o.discount_type, o.amount, o.best_offer]), [[606, 596.16, 1]]);
    // A tier-2 reseller's customer gets the channel discount of the reseller's tier-1.
    const resellers = await rate([periodProducts[0]], bssClient(t.url, credsOf(demoActor('reseller_customer'))));
    assert.deepEqual((resellers.body.optional_discount_rating_results as Row[]).map((o) => o.discount_type), [606]);
    // The solution provider's customer has none.
    const provider = await rate([periodProducts[0]], bssClient(t.url, credsOf(demoActor('provider_customer'))));
    assert.deepEqual(provider.body.optional_discount_rating_results, []);
  });

  it('prices on-demand usage per usage factor and unit, preferring the business discount', async () => {
    const res = await resale.call('list_on_demand_resource_ratings', {
      body: {
        project_id: 'p1',
        product_infos: [
          // 90 minutes of a 0.225/h server: 0.3375; business discount 0.9 → 0.30375 (the partner one would save more)
          { id: 'vm', ...ECS, resource_spec: 's6.large.2.linux', region: 'cn-north-4', usage_factor: 'duration', usage_value: 90, usage_measure_id: 5, subscription_num: 1 },
          // 20 GB of CDN traffic: 20 × 0.20 = 4 (first tier); no discount (business is ECS only; CDN forbids partner discounts)
          { id: 'cdn', ...CDN, resource_spec: 'cdn.mainland.traffic', region: 'cn-east-3', usage_factor: 'downflow', usage_value: 20, usage_measure_id: 10, subscription_num: 1 },
          // 40 GB SATA for 24 h: 0.0006 × 40 × 24 = 0.576; partner discount 0.85 → 0.4896
          { id: 'disk', ...EVS, resource_spec: 'SATA', region: 'cn-south-1', resource_size: 40, size_measure_id: 17, usage_factor: 'Duration', usage_value: 1, usage_measure_id: 0, subscription_num: 1 },
        ],
      },
    });
    const results = res.body.product_rating_results as Row[];
    assert.deepEqual(amountsById(results, 'official_website_amount'), { vm: 0.3375, cdn: 4, disk: 0.576 });
    assert.deepEqual(amountsById(results), { vm: 0.30375, cdn: 4, disk: 0.4896 });
    assert.deepEqual(results.map((r) => (r.discount_rating_results as Row[]).map((d) => [d.discount_type, d.amount])), [[[605, 0.03375]], [], [[607, 0.0864]]]);
    assert.equal(res.body.official_website_amount, 4.9135);
    assert.equal(res.body.amount, 4.79335);
    assert.equal(res.body.discount_amount, 0.12015);
  });

  it('truncates to 6 decimals by default and to 10 with inquiry_precision 1', async () => {
    // 3 GB-hours of archive storage: 0.0000458 × 3 = 0.0001374; partner discount 0.85 → 0.00011679
    const product = { id: 'cold', ...OBS, resource_spec: 'obs.cold', region: 'cn-north-4', usage_factor: 'storage', usage_value: 3, usage_measure_id: 40, subscription_num: 1 };
    const six = await resale.call('list_on_demand_resource_ratings', { body: { project_id: 'p1', product_infos: [product] } });
    assert.deepEqual([six.body.official_website_amount, six.body.amount], [0.000137, 0.000116]);
    const ten = await resale.call('list_on_demand_resource_ratings', { body: { project_id: 'p1', inquiry_precision: 1, product_infos: [product] } });
    assert.deepEqual([ten.body.official_website_amount, ten.body.amount, ten.body.discount_amount], [0.0001374, 0.00011679, 0.00002061]);
  });

  it('accepts 100 products and refuses 101, duplicate ids and inexact numbers with CBC.0100', async () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ...periodProducts[0]!, id: `p${i}` }));
    const ok = await rate(many);
    assert.equal((ok.body.official_website_rating_result as Row).official_website_amount, 64800);
    const tooMany = await expectSdkError(rate([...many, { ...periodProducts[0]!, id: 'p100' }]));
    assert.deepEqual([tooMany.status, tooMany.errorCode], [400, 'CBC.0100']);
    const dup = await expectSdkError(rate([periodProducts[0], periodProducts[1], { ...periodProducts[2]!, id: 'vm' }]));
    assert.deepEqual([dup.status, dup.errorCode], [400, 'CBC.0100']);
    assert.match(dup.errorMsg ?? '', /vm/);
    assert.equal((await expectSdkError(rate([]))).errorCode, 'CBC.0100');
    // A usage value JSON.parse cannot hold exactly is refused rather than rounded.
    const raw = `{"project_id":"p","product_infos":[{"id":"a","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"s6.large.2.linux","region":"cn-north-4","usage_factor":"Duration","usage_value":0.10000000000000001,"usage_measure_id":4,"subscription_num":1}]}`;
    const inexact = await signedText(t.url, credsOf(demoActor('resale_customer')), 'POST', '/v2/bills/ratings/on-demand-resources', { text: raw, type: 'application/json' });
    assert.deepEqual([inexact.status, (JSON.parse(inexact.text) as Row).error_code], [400, 'CBC.0100']);
  });

  it('answers the documented errors for products that are not found or not sold that way', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...periodProducts[0], resource_spec: 's6.huge.99.linux' }, 'CBC.99006006'],
      [{ ...periodProducts[0], resource_spec: 'm7.large.8.linux', region: 'cn-south-1' }, 'CBC.99006006'], // not sold there
      [{ ...periodProducts[0], cloud_service_type: 'hws.service.type.ebs' }, 'CBC.99006006'], // all four must match
      [{ id: 'obs', ...OBS, resource_spec: 'obs.standard', region: 'cn-north-4', period_type: 2, period_num: 1, subscription_num: 1 }, 'CBC.99006006'], // on-demand only
      [{ ...periodProducts[0], period_type: 0, period_num: 7 }, 'CBC.30050008'], // no daily price
      [{ ...periodProducts[0], period_num: 13 }, 'CBC.30050008'], // months 1-12
      [{ ...periodProducts[0], period_type: 5 }, 'CBC.0100'],
      [{ ...periodProducts[0], subscription_num: 0 }, 'CBC.0100'],
      [{ ...periodProducts[1], resource_size: null }, 'CBC.0100'], // a linear product needs its size
      [{ ...periodProducts[1], resource_size: 5 }, 'CBC.0100'], // below 10 GB
      [{ ...periodProducts[1], size_measure_id: 15 }, 'CBC.0100'], // Mbps is not a disk size
    ];
    for (const [product, code] of cases) {
      const err = await expectSdkError(rate([product]));
      assert.deepEqual([err.status, err.errorCode], [400, code], JSON.stringify(product));
    }
    // 1 TB disks are fine in TB units (converted to GB) and the largest amounts are refused with CBC.99006055.
    const tb = await rate([{ ...periodProducts[1], resource_size: 1, size_measure_id: 18 }]);
    assert.equal((tb.body.official_website_rating_result as Row).official_website_amount, 10240);
    const huge = Array.from({ length: 20 }, (_, i) => ({ id: `h${i}`, ...ECS, resource_spec: 'c7.4xlarge.2.win', region: 'cn-north-4', period_type: 3, period_num: 5, subscription_num: 100000 }));
    const err = await expectSdkError(rate(huge));
    assert.deepEqual([err.status, err.errorCode], [400, 'CBC.99006055']);
  });

  it('answers the documented on-demand errors', async () => {
    const base = { id: 'vm', ...ECS, resource_spec: 's6.large.2.linux', region: 'cn-north-4', usage_factor: 'Duration', usage_value: 1, usage_measure_id: 4, subscription_num: 1 };
    const onDemand = (p: unknown, extra: Row = {}) => resale.call('list_on_demand_resource_ratings', { body: { project_id: 'p1', product_infos: [p], ...extra } });
    const cases: Array<[unknown, string, Row?]> = [
      [{ ...base, usage_factor: 'upflow' }, 'CBC.99006074'],
      [{ ...base, usage_measure_id: 10 }, 'CBC.99006050'], // GB is not a duration
      [{ ...base, resource_spec: 'nope' }, 'CBC.99006006'],
      [{ id: 'port', ...DC, resource_spec: 'dc.port.1ge', region: 'cn-north-4', usage_factor: 'Duration', usage_value: 1, usage_measure_id: 4, subscription_num: 1 }, 'CBC.99006006'],
      [{ ...base, usage_value: 0 }, 'CBC.0100'],
      [{ ...base, usage_value: -1 }, 'CBC.0100'],
      [base, 'CBC.0100', { inquiry_precision: 2 }],
    ];
    for (const [product, code, extra] of cases) {
      const err = await expectSdkError(onDemand(product, extra));
      assert.deepEqual([err.status, err.errorCode], [400, code], JSON.stringify(product));
    }
  });

  it('answers renewal inquiries per resource: unknown resources come back as failures with HTTP 200', async () => {
    const res = await resale.call('list_renew_rate_on_period', { body: { resource_ids: ['r-1', 'r-2'], period_type: 2, period_num: 1 } });
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.body.fail_resource_infos as Row[]).map((f) => [f.resource_id, f.error_code]),
      [['r-1', 'CBC.30050009'], ['r-2', 'CBC.30050009']],
    );
    assert.deepEqual(res.body.renew_inquiry_results, []);
    assert.deepEqual(res.body.official_website_rating_result, { official_website_amount: '0' });
    const renew = (body: Row) => resale.call('list_renew_rate_on_period', { body });
    assert.deepEqual(
      [(await expectSdkError(renew({ resource_ids: ['a', 'a'], period_type: 2, period_num: 1 }))).errorCode],
      ['CBC.30050012'],
    );
    for (const body of [
      { resource_ids: ['a'], period_type: 2, period_num: 12 },
      { resource_ids: ['a'], period_type: 3, period_num: 4 },
      { resource_ids: ['a'], period_type: 0, period_num: 1 },
      { resource_ids: Array.from({ length: 11 }, (_, i) => `r${i}`), period_type: 2, period_num: 1 },
      { resource_ids: [], period_type: 2, period_num: 1 },
    ]) {
      assert.equal((await expectSdkError(renew(body))).errorCode, 'CBC.0100', JSON.stringify(body));
    }
  });

  it('is for customers only: a partner gets CBC.0151', async () => {
    const partner = bssClient(t.url, credsOf(demoActor('distributor')));
    const err = await expectSdkError(rate([periodProducts[0]], partner));
    assert.deepEqual([err.status, err.errorCode], [403, 'CBC.0151']);
  });
});
