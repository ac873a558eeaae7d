/**
 * Resource packages and 95th-percentile usage, read over HTTP (signed by the SDK signer), from rows
 * written into the usage tables as the usage module writes them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { expectSdkError } from '../support/sdk.ts';
import { createWorld, type World } from '../funds/factories.ts';
import { client } from '../orders/support.ts';

type Row = Record<string, unknown>;

describe(`resource packages and measured usage (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  let cycle: string;
  const now = () => t.deps.clock.now();
  const at = (deltaMs: number) => new Date(now().getTime() + deltaMs).toISOString();
  const DAY = 86_400_000;

  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps, { keys: true });
    const db = t.deps.db.kysely;
    const pkg = (id: string, over: Record<string, unknown>) => ({
      id,
      customer_id: w.customer.id,
      name: `pkg ${id}`,
      service_type_code: 'hws.service.type.obs',
      resource_type_code: null,
      region_code: 'cn-north-4',
      usage_type: 'storage',
      measure_id: 10,
      amount: '40',
      used: '0',
      status: 1,
      order_id: `CS-${id}`,
      effective_time: at(-10 * DAY),
      expire_time: at(300 * DAY),
      version: 0,
      created_at: at(-10 * DAY),
      updated_at: at(-10 * DAY),
      ...over,
    });
    await db
      .insertInto('free_resource_packages')
      .values([
        pkg('FR1', { used: '12.5' }),
        pkg('FR2', { expire_time: at(-DAY) }),
        pkg('FR3', { service_type_code: 'hws.service.type.cdn', usage_type: 'upflow', amount: '100', used: '100', status: 2 }),
        pkg('FRX', { customer_id: w.customer2.id }),
      ])
      .execute();
    await db
      .insertInto('free_resource_usages')
      .values([
        { id: 'FU1', package_id: 'FR1', customer_id: w.customer.id, rated_line_id: 'L1', resource_id: 'bucket-1', usage_type: 'storage', amount: '10', deduct_time: at(-2 * DAY) },
        { id: 'FU2', package_id: 'FR1', customer_id: w.customer.id, rated_line_id: 'L2', resource_id: 'bucket-1', usage_type: 'storage', amount: '2.5', deduct_time: at(-DAY) },
      ])
      .execute();
    // 5-minute bandwidth points of one resource: 576 points make two days.
    cycle = new Date(now().getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const start = Date.parse(`${cycle}-01T00:00:00.000Z`) - 8 * 3_600_000;
    const points = Array.from({ length: 576 }, (_, i) => ({
      source: 'test',
      record_id: `p${i}`,
      content_hash: 'h',
      customer_id: w.customer.id,
      partner_id: w.distributor.id,
      resource_id: 'cdn-1',
      service_type_code: 'hws.service.type.cdn',
      resource_type_code: 'hws.resource.type.cdn',
      spec_code: 'cdn',
      region_code: 'cn-north-4',
      resource_size: null,
      size_measure_id: null,
      usage_type: '95Peak',
      usage_value: String(i % 10),
      usage_measure_id: 35,
      begin_time: new Date(start + i * 300_000).toISOString(),
      end_time: new Date(start + (i + 1) * 300_000).toISOString(),
      hour_start: new Date(start + Math.floor(i / 12) * 3_600_000).toISOString(),
      bill_cycle: cycle,
      ingested_at: at(0),
      status: 2,
      rated_line_id: null,
      rating_error: null,
    }));
    for (let i = 0; i < points.length; i += 100) await db.insertInto('usage_records').values(points.slice(i, i + 100)).execute();
  });
  after(async () => t?.close());

  it('lists a customer\'s packages with what is left, their status by time, and filters', async () => {
    const c = client(t, w.customer);
    const res = (await c.call('list_free_resource_infos', { body: {} })).body;
    assert.equal(res.total_count, 3);
    const byId = Object.fromEntries((res.free_resource_packages as Row[]).map((p) => [p.product_id, p]));
    assert.deepEqual(Object.keys(byId).sort(), ['FR1', 'FR2', 'FR3']);
    assert.equal(byId.FR1!.status, 1);
    assert.equal(byId.FR2!.status, 3, 'past its end: expired');
    assert.equal(byId.FR3!.status, 2);
    assert.deepEqual((byId.FR1!.free_resources as Row[])[0], { free_resource_id: 'FR1', usage_type_name: 'storage', amount: '27.5', original_amount: '40', measure_id: 10 });
    const effective = (await c.call('list_free_resource_infos', { body: { status: 1 } })).body;
    assert.deepEqual((effective.free_resource_packages as Row[]).map((p) => p.product_id), ['FR1']);
    const cdn = (await c.call('list_free_resource_infos', { body: { service_type_code_list: ['HWS.SERVICE.TYPE.CDN'] } })).body;
    assert.equal(cdn.total_count, 1);

    const usages = (await c.call('list_free_resource_usages', { body: { free_resource_ids: ['FR1', 'FRX', 'nope'] } })).body;
    assert.deepEqual((usages.free_resources as Row[]).map((u) => [u.free_resource_id, u.amount, u.original_amount]), [['FR1', 27.5, 40]]);
    assert.equal((await expectSdkError(c.call('list_free_resource_usages', { body: { free_resource_ids: [] } }))).errorCode, 'CBC.0100');
  });

  it('lists deductions with what was left before and after each, within at most 90 days', async () => {
    const c = client(t, w.customer);
    const day = (ms: number) => new Date(now().getTime() + 8 * 3_600_000 + ms).toISOString().slice(0, 10);
    const res = (await c.call('list_free_resources_usage_records', { query: { deduct_time_begin: day(-5 * DAY), deduct_time_end: day(0) } })).body;
    assert.equal(res.total_count, 2);
    assert.deepEqual(
      (res.free_resource_records as Row[]).map((r) => [r.free_resource_id, r.available_amount, r.used_amount, r.remaining_amount]),
      [
        ['FR1', '40', '10', '30'],
        ['FR1', '30', '2.5', '27.5'],
      ],
    );
    const none = (await client(t, w.customer2).call('list_free_resources_usage_records', { query: { deduct_time_begin: day(-5 * DAY), deduct_time_end: day(0) } })).body;
    assert.equal(none.total_count, 0);
    const err = await expectSdkError(c.call('list_free_resources_usage_records', { query: { deduct_time_begin: day(-100 * DAY), deduct_time_end: day(0) } }));
    assert.equal(err.errorCode, 'CBC.0100');
  });

  it('reads 95th-percentile points and days measured; the bandwidth waits for the month\'s close', async () => {
    const c = client(t, w.customer);
    const q = { bill_cycle: cycle, service_type_code: 'hws.service.type.cdn', resource_type_code: 'hws.resource.type.cdn', usage_type: '95Peak' };
    const detail = (await c.call('list_resource_usage', { query: { ...q, resource_id: 'cdn-1', limit: 3 } })).body;
    assert.equal(detail.total_count, 576);
    assert.equal(detail.actual_days, '2');
    assert.equal(detail.band_width, undefined);
    assert.equal((detail.usage_info_list as Row[]).length, 3);
    assert.match(String((detail.usage_info_list as Row[])[0]!.stat_time), /Z$/);
    const summary = (await c.call('list_resource_usage_summary', { query: q })).body;
    assert.deepEqual(summary.summary_usage_info_list, [{ resource_id: 'cdn-1', actual_days: '2' }]);
    const other = (await client(t, w.customer2).call('list_resource_usage_summary', { query: q })).body;
    assert.equal(other.total_count, 0);
  });
});
