import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { createWorld, type World } from '../funds/factories.ts';
import { creds } from './helpers.ts';
import { as, expectError, expectOk, type Row } from './association-support.ts';

const ADDRESS = {
  recipient: 'Zhang San',
  mobile_phone: '13800138000',
  province_code: '440000',
  city_code: '440300',
  county_code: '440305',
  detail_address: 'Keyuan Road 1, Building A, Room 101',
  postal_code: '518057',
};

/** Customers' postal addresses: the customer's own plane and the operator's, division codes checked against the divisions data. */
describe(`customers: postal addresses (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
  });
  after(async () => t.close());

  const own = (method: string, path = '', body?: unknown) => as(t, w.customer.creds!, method, `/customer/v1/addresses${path}`, body);
  const count = async () => Number((await t.deps.db.kysely.selectFrom('customer_addresses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('adds, lists, changes and removes the customer\'s own addresses, keeping exactly one default', async () => {
    const first = expectOk(await own('POST', '', ADDRESS), 201);
    assert.deepEqual(
      [first.province_name, first.city_name, first.county_name, first.is_default, first.customer_id],
      ['广东省', '深圳市', '南山区', true, w.customer.id],
    );
    const second = expectOk(await own('POST', '', { ...ADDRESS, province_code: '110000', city_code: '110100', county_code: '110105', postal_code: null }), 201);
    assert.equal(second.is_default, false);
    assert.equal(second.city_name, '北京市');
    const third = expectOk(await own('POST', '', { ...ADDRESS, detail_address: 'elsewhere', is_default: true }), 201);
    let list = (expectOk(await own('GET')).addresses as Row[]);
    assert.deepEqual(list.map((a) => [a.id, a.is_default]), [[third.id, true], [first.id, false], [second.id, false]]);

    const changed = expectOk(await own('PUT', `/${second.id}`, { ...ADDRESS, recipient: 'Li Si', is_default: true }));
    assert.deepEqual([changed.recipient, changed.is_default, changed.city_name], ['Li Si', true, '深圳市']);
    expectOk(await own('DELETE', `/${second.id}`), 204);
    list = (expectOk(await own('GET')).addresses as Row[]);
    assert.deepEqual(list.map((a) => [a.id, a.is_default]), [[first.id, true], [third.id, false]]);
    // The operator sees the same, and manages them too.
    const seen = expectOk(await as(t, creds('operator'), 'GET', `/operator/v1/customers/${w.customer.id}/addresses`));
    assert.deepEqual(seen.addresses, list);
    expectOk(await as(t, creds('operator'), 'DELETE', `/operator/v1/customers/${w.customer.id}/addresses/${third.id}`), 204);
    assert.equal((expectOk(await own('GET')).addresses as Row[]).length, 1);
  });

  it('checks every field and the division codes against list_provinces, list_cities and list_counties; nothing is stored', async () => {
    const before = await count();
    const bad: Array<[Row, string]> = [
      [{ province_code: '990000' }, 'province_code'],
      [{ province_code: '44000' }, 'province_code'],
      [{ city_code: '110100' }, 'city_code'],
      [{ county_code: '110105' }, 'county_code'],
      [{ county_code: null }, 'county_code'],
      [{ mobile_phone: '12345' }, 'mobile_phone'],
      [{ recipient: '' }, 'recipient'],
      [{ recipient: 'x'.repeat(65) }, 'recipient'],
      [{ detail_address: '   ' }, 'detail_address'],
      [{ postal_code: '51805' }, 'postal_code'],
      [{ is_default: 'yes' }, 'is_default'],
    ];
    for (const [change, field] of bad) {
      const err = expectError(await own('POST', '', { ...ADDRESS, ...change }), 400, 'CBC.0100');
      assert.match(String(err.error_msg), new RegExp(field), JSON.stringify(change));
    }
    const { detail_address: _, ...missing } = ADDRESS;
    expectError(await own('POST', '', missing), 400, 'CBC.0100');
    assert.equal(await count(), before);
  });

  it('keeps at most 10 addresses per customer (PBSS.2101)', async () => {
    const mine = (method: string, path = '', body?: unknown) => as(t, w.customer2.creds!, method, `/customer/v1/addresses${path}`, body);
    for (let i = 0; i < 10; i++) expectOk(await mine('POST', '', { ...ADDRESS, detail_address: `No. ${i}` }), 201);
    expectError(await mine('POST', '', ADDRESS), 400, 'PBSS.2101');
    assert.equal((expectOk(await mine('GET')).addresses as Row[]).length, 10);
  });

  it("keeps each customer to its own addresses, and partners out", async () => {
    const theirs = expectOk(await as(t, creds('operator'), 'POST', `/operator/v1/customers/${w.providerCustomer.id}/addresses`, ADDRESS), 201);
    expectError(await own('PUT', `/${theirs.id}`, ADDRESS), 404, 'PBSS.0404');
    expectError(await own('DELETE', `/${theirs.id}`), 404, 'PBSS.0404');
    expectError(await own('PUT', `/${'0'.repeat(32)}`, ADDRESS), 404, 'PBSS.0404');
    assert.ok(!(expectOk(await own('GET')).addresses as Row[]).some((a) => a.id === theirs.id));
    expectError(await as(t, w.distributor.creds!, 'GET', '/customer/v1/addresses'), 403, 'CBC.0151');
    expectError(await as(t, w.distributor.creds!, 'GET', `/operator/v1/customers/${w.customer.id}/addresses`), 403, 'CBC.0151');
    expectError(await as(t, creds('operator'), 'GET', `/operator/v1/customers/${w.distributor.id}/addresses`), 404, 'PBSS.0404');
  });
});
