import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, signedFetch } from '../support/sdk.ts';
import { signedText } from './signed-text.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';

/** The operator imports and exports the catalog and price books (JSON and CSV); books take effect on their dates. */

type Row = Record<string, unknown>;
const operator = credsOf(demoActor('operator'));
const vm = (spec: string) => ({ id: spec, cloud_service_type: 'hws.service.type.ec2', resource_type: 'hws.resource.type.vm', resource_spec: spec, region: 'cn-north-4', period_type: 2, period_num: 1, subscription_num: 1 });

describe('catalog import and export', () => {
  let t: TestApp;
  const op = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    signedFetch(t.url, operator, { method, path, ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json', ...headers } } : { headers }) });
  const putCsv = async (table: string, csv: string) => {
    const res = await signedText(t.url, operator, 'PUT', `/operator/v1/catalog/tables/${table}`, { text: csv, type: 'text/csv' });
    return { status: res.status, body: JSON.parse(res.text) as Row };
  };
  // A fresh project id per call: an identical signed request repeated within a second is refused as a replay.
  let calls = 0;
  const price = async (spec: string) =>
    ((await bssClient(t.url, credsOf(demoActor('provider_customer'))).call('list_rate_on_period_detail', { body: { project_id: `p${++calls}`, product_infos: [vm(spec)] } })).body
      .official_website_rating_result as Row).official_website_amount;

  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('exports the whole catalog, and importing the export changes nothing', async () => {
    const first = await op('GET', '/operator/v1/catalog/export');
    assert.equal(first.status, 200);
    const doc = first.body;
    assert.equal((doc.prices as Row[]).length, 158);
    assert.equal((doc.resource_specs as Row[]).length, 44);
    const imported = await op('POST', '/operator/v1/catalog/import', doc);
    assert.equal(imported.status, 200);
    assert.equal((imported.body.imported as Row).prices, 158);
    assert.deepEqual((await op('GET', '/operator/v1/catalog/export')).body, doc);
  });

  it('round-trips a table through CSV, and refuses a bad CSV row without changing anything', async () => {
    const csv = await signedText(t.url, operator, 'GET', '/operator/v1/catalog/tables/prices');
    assert.equal(csv.status, 200);
    assert.match(csv.type ?? '', /^text\/csv/);
    assert.match(csv.text, /^book_code,service_type_code,/);
    assert.match(csv.text, /cdn\.mainland\.traffic,\*,on_demand,downflow,10,,,usage,10240:0\.2\|51200:0\.18\|102400:0\.15\|\*:0\.12,false,/);
    const before = (await op('GET', '/operator/v1/catalog/export')).body;
    const back = await putCsv('prices', csv.text);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.deepEqual((await op('GET', '/operator/v1/catalog/export')).body, before);
    const broken = csv.text.replace('10240:0.2|51200:0.18', '51200:0.2|10240:0.18');
    const refused = await putCsv('prices', broken);
    assert.deepEqual([refused.status, refused.body.error_code], [400, 'PBSS.0400']);
    assert.match(String(refused.body.error_msg), /up_to must increase/);
    assert.deepEqual((await op('GET', '/operator/v1/catalog/export')).body, before);
  });

  it('refuses documents whose references do not resolve, naming the row', async () => {
    const cases: Array<[Row, RegExp]> = [
      [{ prices: [{ book_code: 'list-2024', service_type_code: 'hws.service.type.ec2', resource_type_code: 'hws.resource.type.vm', spec_code: 'zz.none', charge_kind: 'period', period_type: 2, basis: 'flat', unit_price: '1' }] }, /prices\[0\] names unknown spec/],
      [{ resource_specs: [{ service_type_code: 'hws.service.type.ec2', resource_type_code: 'hws.resource.type.vm', spec_code: 'x1', name_zh: 'x', name_en: 'x', charge_modes: ['period'], regions: ['mars-1'] }] }, /unknown region mars-1/],
      [{ resource_types: [{ code: 'r', service_type_code: 'nope', name_zh: 'r', name_en: 'r' }] }, /unknown service type nope/],
      [{ prices: [{ book_code: 'list-2024', service_type_code: 'hws.service.type.obs', resource_type_code: 'hws.resource.type.obs', spec_code: 'obs.standard', charge_kind: 'period', period_type: 2, basis: 'flat', unit_price: '1' }] }, /not sold by period/],
    ];
    for (const [doc, message] of cases) {
      const res = await op('POST', '/operator/v1/catalog/import', doc);
      assert.deepEqual([res.status, res.body.error_code], [400, 'PBSS.0400'], JSON.stringify(doc));
      assert.match(String(res.body.error_msg), message);
    }
    const bad = await op('POST', '/operator/v1/catalog/import', { prices: [{ unit_price: 'ten' }] });
    assert.deepEqual([bad.status, bad.body.error_code], [400, 'CBC.0100']);
  });

  it('imports a new product end to end and quotes it', async () => {
    const res = await op('POST', '/operator/v1/catalog/import', {
      service_types: [{ code: 'hws.service.type.dcs', name_zh: '分布式缓存服务', name_en: 'Distributed Cache Service', abbreviation: 'DCS' }],
      resource_types: [{ code: 'hws.resource.type.dcs', service_type_code: 'hws.service.type.dcs', name_zh: '缓存实例', name_en: 'Cache instance' }],
      usage_types: [{ code: 'Duration', resource_type_code: 'hws.resource.type.dcs', name_zh: '时长', name_en: 'Duration', measure_id: 4 }],
      resource_specs: [{ service_type_code: 'hws.service.type.dcs', resource_type_code: 'hws.resource.type.dcs', spec_code: 'redis.ha.xu1.large.r2.2', name_zh: 'Redis 主备 2GB', name_en: 'Redis primary/standby 2 GB', charge_modes: ['period', 'on_demand'], regions: ['cn-north-4'] }],
      price_books: [{ code: 'dcs-2024', name: 'DCS', effective_from: '2024-01-01T00:00:00Z' }],
      prices: [
        { book_code: 'dcs-2024', service_type_code: 'hws.service.type.dcs', resource_type_code: 'hws.resource.type.dcs', spec_code: 'redis.ha.xu1.large.r2.2', charge_kind: 'period', period_type: 2, basis: 'flat', unit_price: '120' },
        { book_code: 'dcs-2024', service_type_code: 'hws.service.type.dcs', resource_type_code: 'hws.resource.type.dcs', spec_code: 'redis.ha.xu1.large.r2.2', charge_kind: 'on_demand', usage_factor: 'Duration', basis: 'flat', unit_price: '0.25' },
      ],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const customer = bssClient(t.url, credsOf(demoActor('provider_customer')));
    const quote = await customer.call('list_rate_on_period_detail', {
      body: { project_id: 'p', product_infos: [{ id: 'c', cloud_service_type: 'hws.service.type.dcs', resource_type: 'hws.resource.type.dcs', resource_spec: 'redis.ha.xu1.large.r2.2', region: 'cn-north-4', period_type: 2, period_num: 2, subscription_num: 1 }] },
    });
    assert.equal((quote.body.official_website_rating_result as Row).official_website_amount, 240);
    const types = await bssClient(t.url, credsOf(demoActor('distributor'))).call('list_service_types', { query: { service_type_name: 'Cache' }, headers: { 'X-Language': 'en_US' } });
    assert.deepEqual((types.body.service_types as Row[]).map((s) => s.service_type_code), ['hws.service.type.dcs']);
    const books = await op('GET', '/operator/v1/catalog/price-books');
    assert.deepEqual((books.body.price_books as Row[]).map((b) => [b.code, b.entries]), [['list-2024', 158], ['dcs-2024', 2]]);
  });

  it('applies a price book from its effective date, and until its end date', async () => {
    const book = (code: string, from: string, to: string | null, monthly: string) => ({
      price_books: [{ code, name: code, effective_from: from, effective_to: to }],
      prices: [{ book_code: code, service_type_code: 'hws.service.type.ec2', resource_type_code: 'hws.resource.type.vm', spec_code: 's6.large.2.linux', charge_kind: 'period', period_type: 2, basis: 'flat', unit_price: monthly }],
    });
    assert.equal((await op('POST', '/operator/v1/catalog/import', book('cut-2031', '2031-01-01T00:00:00Z', null, '99'))).status, 200);
    assert.equal((await op('POST', '/operator/v1/catalog/import', book('promo-2031-02', '2031-02-01T00:00:00Z', '2031-03-01T00:00:00Z', '50'))).status, 200);
    assert.equal(await price('s6.large.2.linux'), 108);
    const setClock = (now: string) => op('PUT', '/operator/v1/clock', { now });
    assert.equal((await setClock('2031-01-15T00:00:00Z')).status, 200);
    assert.equal(await price('s6.large.2.linux'), 99);
    assert.equal(await price('s6.xlarge.2.linux'), 216); // not in the new book: the list price stays
    await setClock('2031-02-10T00:00:00Z');
    assert.equal(await price('s6.large.2.linux'), 50);
    await setClock('2031-03-01T00:00:00Z');
    assert.equal(await price('s6.large.2.linux'), 99);
    // A year is still priced by the list book (the new books price months only).
    const year = await bssClient(t.url, credsOf(demoActor('provider_customer'))).call('list_rate_on_period_detail', { body: { project_id: 'p', product_infos: [{ ...vm('s6.large.2.linux'), period_type: 3 }] } });
    assert.equal((year.body.official_website_rating_result as Row).official_website_amount, 1080);
    // The month price in force is the new book's, which sets no maximum term (the list book's was 12 months).
    const long = await bssClient(t.url, credsOf(demoActor('provider_customer'))).call('list_rate_on_period_detail', { body: { project_id: 'p', product_infos: [{ ...vm('s6.large.2.linux'), period_num: 13 }] } });
    assert.equal((long.body.official_website_rating_result as Row).official_website_amount, 1287);
  });
});
