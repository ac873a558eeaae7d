import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, expectSdkError } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';

/** Every catalog operation answers the demo catalog to a request signed by the official signer. */

type Row = Record<string, unknown>;
const rows = (body: Row, key: string) => body[key] as Row[];

describe('catalog operations on the demo catalog', () => {
  let t: TestApp;
  let partner: ReturnType<typeof bssClient>;
  let customer: ReturnType<typeof bssClient>;
  before(async () => {
    t = await startTestApp();
    partner = bssClient(t.url, credsOf(demoActor('distributor')));
    customer = bssClient(t.url, credsOf(demoActor('resale_customer')));
  });
  after(async () => t.close());

  it('lists service types in the caller\'s language, paged, with a name filter', async () => {
    const zh = await partner.call('list_service_types', { query: { limit: 100 } });
    assert.equal(zh.status, 200);
    assert.equal(zh.body.total_count, 7);
    const ecs = rows(zh.body, 'service_types').find((s) => s.service_type_code === 'hws.service.type.ec2');
    assert.deepEqual(ecs, { service_type_name: '弹性云服务器', service_type_code: 'hws.service.type.ec2', abbreviation: 'ECS' });
    const en = await partner.call('list_service_types', { query: { limit: 2, offset: 1 }, headers: { 'X-Language': 'en_US' } });
    assert.equal(en.body.total_count, 7);
    assert.deepEqual(rows(en.body, 'service_types').map((s) => s.service_type_name), ['Elastic Volume Service', 'Virtual Private Cloud']);
    const filtered = await partner.call('list_service_types', { query: { service_type_name: '云硬盘' } });
    assert.deepEqual(rows(filtered.body, 'service_types').map((s) => s.service_type_code), ['hws.service.type.ebs']);
    // The default page is 10 and the documented limit is 1-1000.
    assert.equal(rows((await partner.call('list_service_types')).body, 'service_types').length, 7);
    assert.equal((await expectSdkError(partner.call('list_service_types', { query: { limit: 1001 } }))).errorCode, 'CBC.0100');
  });

  it('lists resource types and the resources of a service (owned and linked)', async () => {
    const all = await customer.call('list_resource_types', { query: { limit: 100 }, headers: { 'X-Language': 'en_US' } });
    assert.equal(all.body.total_count, 9);
    assert.deepEqual(rows(all.body, 'resource_types')[0], {
      resource_type_code: 'hws.resource.type.vm',
      resource_type_name: 'Cloud server',
      resource_type_desc: 'ECS instance',
      service_type_code: 'hws.service.type.ec2',
    });
    const ecs = await partner.call('list_service_resources', { query: { service_type_code: 'hws.service.type.ec2', limit: 10 } });
    assert.equal(ecs.body.total_count, 4);
    const infos = rows(ecs.body, 'infos').map((i) => i.basic_info as Row);
    assert.deepEqual(infos.map((i) => i.resource_type_code).sort(), ['hws.resource.type.bandwidth', 'hws.resource.type.ip', 'hws.resource.type.vm', 'hws.resource.type.volume']);
    assert.equal(infos.find((i) => i.resource_type_code === 'hws.resource.type.volume')!.product_owner_service, 'hws.service.type.ebs');
    const none = await partner.call('list_service_resources', { query: { service_type_code: 'hws.service.type.nothing' } });
    assert.deepEqual([none.body.total_count, rows(none.body, 'infos')], [0, []]);
  });

  it('lists usage types, filtered by resource type (an empty code filters too)', async () => {
    const obs = await partner.call('list_usage_types', { query: { resource_type_code: 'hws.resource.type.obs' }, headers: { 'X-Language': 'en_US' } });
    assert.equal(obs.body.total_count, 3);
    assert.deepEqual(rows(obs.body, 'usage_types').map((u) => u.code), ['storage', 'requests', 'downflow']);
    assert.deepEqual(rows(obs.body, 'usage_types')[0], {
      code: 'storage',
      name: 'Storage (GB-hours)',
      resource_type_code: 'hws.resource.type.obs',
      service_type_code: 'hws.service.type.obs',
      resource_type_name: 'Object storage',
      service_type_name: 'Object Storage Service',
    });
    const all = await partner.call('list_usage_types', { query: { limit: 100 } });
    assert.equal(all.body.total_count, 11);
    const empty = await partner.call('list_usage_types', { query: { resource_type_code: '' } });
    assert.equal(empty.body.total_count, 0);
  });

  it('lists measure units and their conversions', async () => {
    const units = await partner.call('list_measure_units', { headers: { 'X-Language': 'en_US' } });
    const byId = new Map(rows(units.body, 'measure_units').map((u) => [u.measure_id, u]));
    assert.deepEqual(byId.get(10), { measure_id: 10, measure_name: 'GB', abbreviation: 'G', measure_type: 3 });
    assert.equal((byId.get(4) as Row).measure_name, 'Hour');
    const zh = await customer.call('list_measure_units');
    assert.equal(rows(zh.body, 'measure_units').find((u) => u.measure_id === 4)!.measure_name, '小时');
    const traffic = await partner.call('list_conversions', { query: { measure_type: 3 } });
    assert.deepEqual(rows(traffic.body, 'conversions')[0], { measure_id: 10, ref_measure_id: 11, conversion_ratio: 1024, measure_type: 3 });
    assert.ok(rows(traffic.body, 'conversions').every((c) => c.measure_type === 3));
    assert.ok(rows((await partner.call('list_conversions')).body, 'conversions').length >= 10);
  });

  it('lists the specs of a region by marker, with the RESOURCE_SPEC filter and charge mode', async () => {
    const query = { cloud_service_type: 'hws.service.type.ec2', resource_type: 'hws.resource.type.vm', region_code: 'cn-north-4', charge_mode: '1' };
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const res = await customer.call('list_resource_specs', { body: { ...query, limit: 7, ...(marker ? { marker } : {}) }, headers: { 'X-Language': 'en_US' } });
      assert.equal(res.status, 200);
      seen.push(...rows(res.body, 'cloud_service_basics').map((s) => String(s.resource_spec)));
      marker = (res.body.page_info as Row).next_marker as string | undefined;
      pages++;
    } while (marker);
    assert.equal(seen.length, 24); // s6 ×5, c7 ×4, m7 ×3, each Linux and Windows
    assert.equal(pages, 4);
    assert.deepEqual([...seen].sort(), seen);
    assert.ok(seen.includes('s6.large.2.linux') && seen.includes('m7.2xlarge.8.win'));

    const first = await customer.call('list_resource_specs', { body: { ...query, filters: [{ key: 'RESOURCE_SPEC', value: 'c7.large' }] } });
    assert.deepEqual(rows(first.body, 'cloud_service_basics'), [
      {
        cloud_service_type: 'hws.service.type.ec2',
        cloud_service_type_name: '弹性云服务器',
        resource_type: 'hws.resource.type.vm',
        resource_type_name: '云主机',
        resource_spec: 'c7.large.2.linux',
        resource_spec_name: '通用计算增强型 c7 | 2核 | 4GB | Linux',
        charge_mode: '1',
        region_code: 'cn-north-4',
      },
      {
        cloud_service_type: 'hws.service.type.ec2',
        cloud_service_type_name: '弹性云服务器',
        resource_type: 'hws.resource.type.vm',
        resource_type_name: '云主机',
        resource_spec: 'c7.large.2.win',
        resource_spec_name: '通用计算增强型 c7 | 2核 | 4GB | Windows',
        charge_mode: '1',
        region_code: 'cn-north-4',
      },
    ]);
    assert.deepEqual(first.body.page_info, {});
    // m7 is not sold in Guangzhou; OBS is on-demand only.
    const south = await customer.call('list_resource_specs', { body: { ...query, region_code: 'cn-south-1', filters: [{ key: 'RESOURCE_SPEC', value: 'm7' }] } });
    assert.deepEqual(rows(south.body, 'cloud_service_basics'), []);
    const obsPeriod = await customer.call('list_resource_specs', { body: { cloud_service_type: 'hws.service.type.obs', resource_type: 'hws.resource.type.obs', region_code: 'cn-east-3', charge_mode: '1' } });
    assert.deepEqual(rows(obsPeriod.body, 'cloud_service_basics'), []);
    const obsOnDemand = await customer.call('list_resource_specs', { body: { cloud_service_type: 'hws.service.type.obs', resource_type: 'hws.resource.type.obs', region_code: 'cn-east-3', charge_mode: '3' } });
    assert.equal(rows(obsOnDemand.body, 'cloud_service_basics').length, 3);
  });

  it('refuses a bad charge mode, filter, limit or marker with CBC.0100', async () => {
    const base = { cloud_service_type: 'hws.service.type.ec2', resource_type: 'hws.resource.type.vm', region_code: 'cn-north-4', charge_mode: '1' };
    for (const body of [
      { ...base, charge_mode: '2' },
      { ...base, filters: [{ key: 'FLAVOR', value: 'x' }] },
      { ...base, filters: [{ key: 'RESOURCE_SPEC', value: 'a' }, { key: 'RESOURCE_SPEC', value: 'b' }] },
      { ...base, limit: 101 },
      { ...base, marker: 'not!a!marker' },
    ]) {
      const err = await expectSdkError(customer.call('list_resource_specs', { body }));
      assert.equal(err.status, 400, JSON.stringify(body));
      assert.equal(err.errorCode, 'CBC.0100');
    }
    // list_resource_specs is customer-only (brief §1.4)
    assert.equal((await expectSdkError(partner.call('list_resource_specs', { body: base }))).errorCode, 'CBC.0151');
  });

  it('lists incentive and discount policies as of the end of a UTC+8 month', async () => {
    const res = await partner.call('list_incentive_discount_policies', { query: { time: '2026-01', limit: 100 } });
    assert.equal(res.body.total_count, 7);
    const cdn = rows(res.body, 'policies').find((p) => p.service_type_code === 'hws.service.type.cdn');
    assert.deepEqual(cdn, { service_type_code: 'hws.service.type.cdn', service_type_name: '内容分发网络', incentive_policy: '2', allow_discount: 'NO' });
    const one = await partner.call('list_incentive_discount_policies', { query: { time: '2026-01', service_type_code: 'hws.service.type.obs' } });
    assert.deepEqual(rows(one.body, 'policies').map((p) => [p.incentive_policy, p.allow_discount]), [['1', 'YES']]);
    // The demo policies took effect on 2024-01-01 (UTC+8): none in force at the end of 2023-12.
    assert.equal((await partner.call('list_incentive_discount_policies', { query: { time: '2023-12' } })).body.total_count, 0);
    assert.equal((await expectSdkError(partner.call('list_incentive_discount_policies', { query: { time: '2026-13' } }))).errorCode, 'CBC.0100');
    assert.equal((await expectSdkError(customer.call('list_incentive_discount_policies', { query: { time: '2026-01' } }))).errorCode, 'CBC.0151');
  });
});
