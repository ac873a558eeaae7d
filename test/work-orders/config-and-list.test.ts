/**
 * The configuration lists (as data, in both languages), what a problem type's template requires
 * when a ticket is opened, and the list filters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { REFERENCE_DATA } from '../../src/modules/work-orders/index.ts';
import { act, actors, failure, listIds, openCase, SOURCE_ID, type Osm } from './osm-client.ts';

describe('work orders: configuration, templates and lists', () => {
  let t: TestApp;
  let a: ReturnType<typeof actors>;
  before(async () => {
    t = await startTestApp({ wallClock: new ManualClock(new Date()) });
    a = actors(t.url);
  });
  after(async () => t.close());

  const get = async (osm: Osm, path: string, query: Record<string, unknown> = {}, lang?: string) =>
    (await osm.send({ method: 'GET', url: `/v2/servicerequest${path}`, query, headers: lang ? { 'X-Language': lang } : {} })).body;

  describe('configuration lists', () => {
    it('serves every list, in Chinese by default and in English on request', async () => {
      const cats = await get(a.resale, '/config/categories');
      assert.equal(cats.total_count, REFERENCE_DATA.sub_types.length);
      const technical = (cats.incident_sub_type_list as Array<{ incident_sub_type_id: string; incident_sub_type_name: string; incident_product_category_list: unknown[] }>).find((c) => c.incident_sub_type_id === 'st-technical')!;
      assert.equal(technical.incident_sub_type_name, '技术问题');
      assert.equal(technical.incident_product_category_list.length, 7);
      const en = await get(a.resale, '/config/categories', {}, 'en-us');
      assert.equal((en.incident_sub_type_list as Array<{ incident_sub_type_name: string }>)[0]!.incident_sub_type_name, 'Technical issues');

      const problems = await get(a.resale, '/config/problems', { product_category_id: 'pc-billing' });
      assert.deepEqual((problems.incident_business_type_list as Array<{ business_type_id: string }>).map((p) => p.business_type_id), ['bt-bill', 'bt-refund', 'bt-invoice']);
      const products = await get(a.resale, '/config/product-categories', { product_category_name: 'ecs' });
      assert.deepEqual((products.incident_product_category_list as Array<{ incident_product_category_id: string }>).map((p) => p.incident_product_category_id), ['pc-ecs']);
      const severities = await get(a.resale, '/config/severities', {}, 'en_US');
      assert.equal(severities.show, true);
      assert.deepEqual((severities.severity_list as Array<{ severity_name: string; language: string }>)[0], { language: 'en-us', severity_name: 'Service down', severity_id: 'sev-critical' });
      const regions = await get(a.resale, '/config/regions');
      assert.ok((regions.data_center_list as Array<{ region_id: string; type: number }>).some((r) => r.region_id === 'ap-southeast-3' && r.type === 1));
      const codes = await get(a.resale, '/config/area-codes');
      assert.ok((codes.area_code_list as Array<{ area_code: string; area_name: string }>).some((c) => c.area_code === '86' && c.area_name === '中国大陆'));
      assert.deepEqual(await get(a.resale, '/config/limits'), { config: { create_case_ccemail_max_count: 5 } });
      const dims = await get(a.resale, '/config/satisfaction-dimensions');
      assert.equal(dims.total_count, 3);
    });

    it('guides each problem type with a template and the extension fields it requires', async () => {
      const tpl = await get(a.resale, '/config/templates', { business_type_id: 'bt-fault' }, 'en-us');
      assert.equal(tpl.total_count, 1);
      assert.match((tpl.incident_template_list as Array<{ incident_template_content: string }>)[0]!.incident_template_content, /\[Symptom\]/);
      const ext = await get(a.resale, '/config/extends-map', { business_type_id: 'bt-quota' });
      assert.deepEqual(
        (ext.extends_params as Array<{ param_key: string; required: number; param_type: number }>).map((p) => [p.param_key, p.required, p.param_type]),
        [['quota_item', 1, 0], ['requested_value', 1, 1]],
      );
    });

    it('is for signed-in callers only', async () => {
      assert.equal((await fetch(`${t.url}/v2/servicerequest/config/regions`)).status, 401);
    });
  });

  describe('opening a ticket', () => {
    const base = { simple_description: 'help', source_id: SOURCE_ID };
    const refused = async (body: Record<string, unknown>, code: string, msg: RegExp) => {
      const err = await failure(a.resale.send({ method: 'POST', url: '/v2/servicerequest/cases', body: { ...base, ...body } }));
      assert.equal(err.errorCode, code, JSON.stringify(body));
      assert.match(err.errorMsg ?? '', msg, JSON.stringify(body));
    };

    it("requires what the problem type's template asks for", async () => {
      await refused({ business_type_id: 'bt-fault', extends_map: { resource_id: 'x' } }, 'OSM.01010001', /region_id is required/);
      await refused({ business_type_id: 'bt-fault', region_id: 'cn-north-4' }, 'OSM.01010001', /extends_map\.resource_id \(Resource ID\) is required/);
      await refused({ business_type_id: 'bt-fault', region_id: 'cn-north-4', extends_map: { resource_id: 'x', impact: 'huge' } }, 'OSM.01010001', /impact must be one of all, partial, none/);
      await refused({ business_type_id: 'bt-fault', region_id: 'cn-north-4', extends_map: { resource_id: 'x', occurred_at: 'yesterday' } }, 'OSM.01010001', /occurred_at must be yyyy-MM-dd HH:mm:ss/);
      await refused({ business_type_id: 'bt-quota', extends_map: { quota_item: 'vCPU', requested_value: 'lots' } }, 'OSM.01010001', /requested_value must be an integer/);
      await refused({ business_type_id: 'bt-quota', extends_map: { quota_item: 'vCPU', requested_value: 0 } }, 'OSM.01010001', /between 1 and 100000/);
      await refused({ business_type_id: 'bt-usage', extends_map: { anything: 1 } }, 'OSM.01010001', /not a field of business type bt-usage/);
      const id = await openCase(a.resale, { business_type_id: 'bt-quota', extends_map: { quota_item: 'vCPU', requested_value: '64' } });
      const row = await t.deps.db.kysely.selectFrom('work_orders').select('extends_map').where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(row.extends_map), { quota_item: 'vCPU', requested_value: 64 });
    });

    it('checks every reference against the configuration lists', async () => {
      await refused({ business_type_id: 'bt-nope' }, 'OSM.01010001', /business_type_id bt-nope does not exist/);
      await refused({ business_type_id: 'bt-usage', product_category_id: 'pc-billing' }, 'OSM.01010001', /does not apply to product category/);
      await refused({ business_type_id: 'bt-usage', region_id: 'mars-1' }, 'OSM.01010001', /region_id mars-1/);
      await refused({ business_type_id: 'bt-usage', severity_id: 'sev-apocalypse' }, 'OSM.01010006', /Severity Id does not exist/);
      await refused({ business_type_id: 'bt-usage', source_id: 'somewhere' }, 'OSM.01010001', /source_id/);
      await refused({ business_type_id: 'bt-usage', remind_mail: 'not-mail' }, 'OSM.01010001', /remind_mail/);
      await refused({ business_type_id: 'bt-usage', area_code: '999' }, 'OSM.01010001', /area_code/);
      await refused({ business_type_id: 'bt-usage', is_authorized: 1 }, 'OSM.01010001', /authorization_content is required/);
      await refused({ business_type_id: 'bt-usage', simple_description: '' }, 'OSM.01010001', /simple_description/);
      await refused({ business_type_id: 'bt-usage', simple_description: 5 }, 'OSM.01010001', /simple_description/);
    });

    it('keeps confidential details sealed', async () => {
      const id = await openCase(a.resale, { is_authorized: 1, authorization_content: 'root password: hunter2' });
      const row = await t.deps.db.kysely.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.is_authorized, 1);
      assert.ok(row.authorization_sealed && !row.authorization_sealed.includes('hunter2'));
      assert.equal(t.deps.secretBox.open(row.authorization_sealed), 'root password: hunter2');
      const d = (await a.resale.send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}', pathParams: { case_id: id } })).body;
      assert.ok(!JSON.stringify(d).includes('hunter2'));
    });
  });

  describe('listing', () => {
    const ids: Record<string, string> = {};
    before(async () => {
      const at = (iso: string) => t.deps.sandboxClock!.setNow(new Date(iso));
      // The referral customer's tickets, at known business times (UTC).
      at('2031-03-01T01:00:00.000Z');
      ids.disk = await openCase(a.referral, { simple_description: 'Disk EXPANSION fails with 100% usage' });
      at('2031-03-02T01:00:00.000Z');
      ids.vpc = await openCase(a.referral, { simple_description: 'Cannot reach my VPC peer' });
      at('2031-03-03T01:00:00.000Z');
      ids.bill = await openCase(a.referral, { business_type_id: 'bt-bill', simple_description: 'Why is my disk bill so high?' });
      await act(a.referral, ids.vpc, 'cancel');
      await act(a.operator, ids.bill, 'accept');
    });

    it('finds by keywords, case id, status and time, newest first', async () => {
      assert.deepEqual(await listIds(a.referral), [ids.bill, ids.vpc, ids.disk]);
      assert.deepEqual(await listIds(a.referral, { search_key: ['disk'] }), [ids.bill, ids.disk]);
      assert.deepEqual(await listIds(a.referral, { search_key: ['disk expansion'] }), [ids.disk]);
      assert.deepEqual(await listIds(a.referral, { search_key: ['100%'] }), [ids.disk]);
      assert.deepEqual(await listIds(a.referral, { search_key: ['_'] }), []);
      assert.deepEqual(await listIds(a.referral, { app_key: ids.vpc }), [ids.vpc]);
      assert.deepEqual(await listIds(a.referral, { incident_id: ids.disk }), [ids.disk]);
      assert.deepEqual(await listIds(a.referral, { status: 4 }), [ids.vpc]);
      assert.deepEqual(await listIds(a.referral, { incident_status: '0,1' }), [ids.bill, ids.disk]);
      assert.deepEqual(await listIds(a.referral, { incident_status: '0,1', status: 1 }), [ids.bill]);
      assert.deepEqual(await listIds(a.referral, { status: 5 }), []);
      assert.deepEqual(await listIds(a.referral, { label_id_list: ['l1'] }), []);
      assert.deepEqual(await listIds(a.referral, { x_customer_name: 'demo-referral-customer' }), [ids.bill, ids.vpc, ids.disk]);
      // UTC instants, or the console's local times read in X-Time-Zone (GMT+8 unless told).
      assert.deepEqual(await listIds(a.referral, { query_start_time: '2031-03-02T00:00:00Z', query_end_time: '2031-03-02T23:59:59Z' }), [ids.vpc]);
      assert.deepEqual(await listIds(a.referral, { query_start_time: '2031-03-02 09:00:00', query_end_time: '2031-03-02 09:00:00' }), [ids.vpc]);
      assert.deepEqual(await listIds(a.referral, { query_start_time: '2031-03-02', query_end_time: '2031-03-02' }), [ids.vpc]);
      assert.deepEqual(await listIds(a.referral, { query_start_time: String(Date.parse('2031-03-02T12:00:00Z')) }), [ids.bill]);
      const utc = await a.referral.send({ method: 'GET', url: '/v2/servicerequest/cases', query: { query_start_time: '2031-03-02 01:00:00', query_end_time: '2031-03-02 01:00:00' }, headers: { 'X-Time-Zone': 'GMT' } });
      assert.deepEqual((utc.body.incident_info_list as Array<{ incident_id: string }>).map((c) => c.incident_id), [ids.vpc]);
    });

    it('pages with offset and limit, counting them all', async () => {
      const page = await a.referral.send({ method: 'GET', url: '/v2/servicerequest/cases', query: { offset: 1, limit: 1 } });
      assert.equal(page.body.total_count, 3);
      assert.deepEqual((page.body.incident_info_list as Array<{ incident_id: string }>).map((c) => c.incident_id), [ids.vpc]);
    });

    it('names things in the language asked for', async () => {
      const res = await a.referral.send({ method: 'GET', url: '/v2/servicerequest/cases', query: { incident_id: ids.bill }, headers: { 'X-Language': 'en-us' } });
      const info = (res.body.incident_info_list as Array<Record<string, unknown>>)[0]!;
      assert.equal(info.business_type_name, 'Bills and charges');
      assert.equal(info.incident_type_name, 'Consultation');
      assert.equal(info.create_time, '2031-03-03T01:00:00Z');
      assert.equal(info.xcustomer_name, 'demo-referral-customer');
    });

    it('refuses filters it cannot read', async () => {
      for (const query of [{ status: 99 }, { incident_status: '0,x' }, { query_start_time: 'last tuesday' }, { limit: 101 }, { offset: -1 }]) {
        const err = await failure(a.referral.send({ method: 'GET', url: '/v2/servicerequest/cases', query }));
        assert.equal(err.errorCode, 'OSM.01010001', JSON.stringify(query));
      }
      const zone = await failure(a.referral.send({ method: 'GET', url: '/v2/servicerequest/cases', headers: { 'X-Time-Zone': 'Mars/Olympus' } }));
      assert.equal(zone.errorCode, 'OSM.01010001');
    });
  });

  it('documents every route in the OpenAPI document under Work orders', async () => {
    const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[]; operationId?: string; requestBody?: { content: Record<string, unknown> } }>> };
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/v2/servicerequest/'))
      .flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, ...op })));
    assert.equal(ops.length, 24);
    for (const op of ops) assert.deepEqual(op.tags, ['Work orders'], op.route);
    const upload = ops.find((o) => o.route === 'POST /v2/servicerequest/accessorys')!;
    assert.equal(upload.operationId, 'upload_accessory');
    assert.ok(upload.requestBody?.content['multipart/form-data']);
  });
});
