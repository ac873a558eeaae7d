import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { expectSdkError } from '../support/sdk.ts';
import { client } from './helpers.ts';

type Division = { code: string; name: string };

describe('customers: provinces, cities and counties', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('lists provinces by code, paged (default 10, at most 1000)', async () => {
    const first = await client(t, 'distributor').call('list_provinces');
    assert.equal(first.body.count, 34);
    const provinces = first.body.provinces as Division[];
    assert.equal(provinces.length, 10);
    assert.deepEqual(provinces[0], { code: '110000', name: '北京市' });
    const all = (await client(t, 'distributor').call('list_provinces', { query: { limit: 1000 } })).body.provinces as Division[];
    assert.equal(all.length, 34);
    assert.ok(all.some((p) => p.code === '440000' && p.name === '广东省'));
    assert.ok(all.some((p) => p.code === '810000'));
    const tail = (await client(t, 'distributor').call('list_provinces', { query: { offset: 30, limit: 10 } })).body.provinces as Division[];
    assert.equal(tail.length, 4);
    const err = await expectSdkError(client(t, 'distributor').call('list_provinces', { query: { limit: 1001 } }));
    assert.equal(err.errorCode, 'CBC.0100');
    assert.match(err.errorMsg!, /limit/);
  });

  it("lists a province's cities and a city's counties; unknown codes have none", async () => {
    const cities = await client(t, 'distributor').call('list_cities', { query: { province_code: '440000', limit: 100 } });
    assert.equal(cities.body.count, 21);
    assert.ok((cities.body.cities as Division[]).some((c) => c.code === '440300' && c.name === '深圳市'));
    const beijing = await client(t, 'solution_provider').call('list_cities', { query: { province_code: '110000' } });
    assert.deepEqual(beijing.body.cities, [{ code: '110100', name: '北京市' }]);
    const counties = await client(t, 'distributor').call('list_counties', { query: { city_code: '440300', limit: 100 } });
    assert.ok((counties.body.counties as Division[]).some((c) => c.code === '440305' && c.name === '南山区'));
    assert.equal((counties.body.counties as Division[]).length, counties.body.count);
    for (const [op, query] of [
      ['list_cities', { province_code: '999999' }],
      ['list_cities', { province_code: 'guangdong' }],
      ['list_counties', { city_code: '440000' }],
      ['list_counties', { city_code: '440399' }],
    ] as const) {
      const res = await client(t, 'distributor').call(op, { query });
      assert.equal(res.body.count, 0, `${op} ${JSON.stringify(query)}`);
    }
    const missing = await expectSdkError(client(t, 'distributor').call('list_cities', { query: {} }));
    assert.equal(missing.errorCode, 'CBC.0100');
    assert.match(missing.errorMsg!, /province_code/);
  });

  it('answers every caller, in Chinese whatever X-Language asks (the data set has no other names)', async () => {
    for (const who of ['resale_customer', 'reseller_one', 'operator']) {
      const res = await client(t, who).call('list_provinces', { query: { limit: 1 }, headers: { 'X-Language': 'en_US' } });
      assert.deepEqual(res.body.provinces, [{ code: '110000', name: '北京市' }]);
    }
  });
});
