/**
 * The bill reads through HTTP, signed by the official SDK signer, over bill records that real
 * orders wrote: a customer buys, pays, renews and unsubscribes; customers and partners read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Insertable } from 'kysely';
import type { BillRecordsTable } from '../../src/platform/db/schema.ts';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { expectSdkError, type Credentials } from '../support/sdk.ts';
import { fetchExport } from './support.ts';
import type { Actor, World } from '../funds/factories.ts';
import { client, disk, eip, fund, ordersWorld, pay, placeOk, startOrdersApp, vm } from '../orders/support.ts';
import { vmHour } from '../usage/support.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { grantFreePackage, ingestUsage, rateAllDue } from '../../src/modules/usage/index.ts';

type Row = Record<string, unknown>;
const HOUR = 3_600_000;

const USAGE_FIELDS = ['usage_type', 'usage', 'usage_measure_id', 'free_resource_usage', 'free_resource_measure_id', 'ri_usage', 'ri_usage_measure_id', 'unit_price', 'unit', 'formula'];
/** The usage fields a resource record carries. */
const usageOf = (r: Row) => Object.fromEntries(USAGE_FIELDS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));

describe(`bill reads over HTTP (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  let cycle: string;
  let unsubscribeOrder: string;
  const orders: string[] = [];

  /** Places and pays an order for a customer; returns its id. */
  const buy = async (a: Actor, products: unknown[]) => {
    const id = await placeOk(t, a, products);
    const res = await pay(t, a, id);
    assert.equal(res.status, 204, JSON.stringify(res.body));
    return id;
  };

  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
    await fund(t, w, w.customer, 2_000_000n);
    await fund(t, w, w.resellerCustomer, 500_000n);
    orders.push(await buy(w.customer, [vm('vm'), disk('d', 'vm', 40)])); // 420 + 400 a year
    orders.push(await buy(w.customer, [eip('ip', 2, 1)])); // 20 a month
    orders.push(await buy(w.resellerCustomer, [eip('ip', 2, 2)])); // 40
    const ip = await t.deps.db.kysely.selectFrom('subscription_resources').select('id').where('order_id', '=', orders[1]!).executeTakeFirstOrThrow();
    const res = await client(t, w.customer).call('cancel_resources_subscription', { body: { resource_ids: [ip.id], unsubscribe_type: 1 } });
    unsubscribeOrder = (res.body.order_ids as string[])[0]!;
    const row = await t.deps.db.kysely.selectFrom('bill_records').select('bill_cycle').where('trade_id', '=', orders[0]!).executeTakeFirstOrThrow();
    cycle = row.bill_cycle;
  });
  after(async () => t.close());

  it('lists a customer\'s fee records with their identities, filters and pages', async () => {
    const c = client(t, w.customer);
    const res = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, limit: 100 } })).body;
    const records = res.records as Row[];
    assert.equal(res.total_count, 4);
    assert.equal(res.currency, 'CNY');
    assert.deepEqual(records.map((r) => r.bill_type).sort(), [1, 1, 1, 4]);
    for (const r of records) {
      const n = (k: string) => Math.round(Number(r[k]) * 100);
      assert.equal(n('official_amount'), n('official_discount_amount') + n('erase_amount') + n('consume_amount'));
      const parts = ['cash_amount', 'credit_amount', 'coupon_amount', 'flexipurchase_coupon_amount', 'stored_value_card_amount', 'bonus_amount', 'debt_amount', 'writeoff_amount'];
      assert.equal(n('consume_amount'), parts.reduce((s, k) => s + n(k), 0));
      assert.equal(r.customer_id, w.customer.id);
      assert.equal(r.account_name, w.customer.name);
      assert.equal(r.bill_cycle, cycle);
      assert.match(String(r.trade_time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    const refund = records.find((r) => r.bill_type === 4)!;
    assert.equal(refund.trade_id, unsubscribeOrder);
    assert.ok(Number(refund.consume_amount) < 0, 'refund rows are negative');
    assert.equal(Number(refund.consume_amount), -20);

    const only = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, bill_type: 4 } })).body;
    assert.equal(only.total_count, 1);
    const byTrade = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, trade_id: orders[0] } })).body;
    assert.equal(byTrade.total_count, 2);
    const page = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, offset: 3, limit: 2 } })).body;
    assert.equal(page.total_count, 4);
    assert.equal((page.records as Row[]).length, 1);
    const otherProject = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, enterprise_project_id: 'ep-x' } })).body;
    assert.equal(otherProject.total_count, 0);
    const sub = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, method: 'sub_customer', sub_customer_id: 'x' } })).body;
    assert.equal(sub.total_count, 0);
  });

  it('refuses malformed cycles, day ranges, limits and cycles beyond the look-back', async () => {
    const c = client(t, w.customer);
    const code = async (query: Record<string, unknown>) => (await expectSdkError(c.call('list_customer_bills_fee_records', { query }))).errorCode;
    assert.equal(await code({ bill_cycle: '2024-13' }), 'CBC.0100');
    assert.equal(await code({ bill_cycle: cycle, limit: 1001 }), 'CBC.0100');
    assert.equal(await code({ bill_cycle: cycle, bill_date_begin: `${cycle}-20`, bill_date_end: `${cycle}-10` }), 'CBC.0100');
    assert.equal(await code({ bill_cycle: cycle, bill_date_begin: '2000-01-01', bill_date_end: '2000-01-02' }), 'CBC.0100');
    assert.equal(await code({ bill_cycle: '2000-01' }), 'CBC.0100');
    assert.equal(await code({ bill_cycle: cycle, method: 'everyone' }), 'CBC.0100');
    // One end alone is ignored, as documented.
    const one = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, bill_date_begin: `${cycle}-01` } })).body;
    assert.equal(one.total_count, 4);
  });

  it('sums a customer\'s month, and the sum equals its fee records', async () => {
    const c = client(t, w.customer);
    const sum = (await c.call('show_customer_monthly_sum', { query: { bill_cycle: cycle } })).body;
    const lines = sum.bill_sums as Row[];
    assert.equal(sum.total_count, lines.length);
    const records = (await c.call('list_customer_bills_fee_records', { query: { bill_cycle: cycle, limit: 100 } })).body.records as Row[];
    const fen = (x: unknown) => Math.round(Number(x) * 100);
    assert.equal(fen(sum.consume_amount), records.reduce((s, r) => s + fen(r.consume_amount), 0));
    assert.equal(fen(sum.consume_amount), lines.reduce((s, l) => s + fen(l.consume_amount), 0));
    assert.equal(fen(sum.cash_amount), records.reduce((s, r) => s + fen(r.cash_amount), 0));
    assert.equal(fen(sum.consume_amount), 82_000);
    const refund = lines.find((l) => l.bill_type === 2)!;
    assert.equal(refund.service_type_code, 'hws.service.type.vpc');
    assert.equal(fen(refund.consume_amount), -2_000);
    for (const l of lines) assert.equal(fen(l.official_amount), fen(l.official_discount_amount) + fen(l.truncated_amount) + fen(l.consume_amount));
    const onlyEcs = (await c.call('show_customer_monthly_sum', { query: { bill_cycle: cycle, service_type_code: 'hws.service.type.ec2' } })).body;
    assert.equal(fen(onlyEcs.consume_amount), 42_000);
    assert.equal((await expectSdkError(c.call('show_customer_monthly_sum', { query: { bill_cycle: cycle, limit: 1001 } }))).errorCode, 'CBC.0100');
  });

  it('lists resource records by record, by day and by month', async () => {
    const c = client(t, w.customer);
    const detail = (await c.call('list_customerself_resource_records', { query: { cycle, limit: 100 } })).body;
    assert.equal(detail.total_count, 4);
    const rows = detail.fee_records as Row[];
    assert.ok(rows.every((r) => typeof r.id === 'string' && r.charge_mode === '1'));
    const server = rows.find((r) => r.cloud_service_type === 'hws.service.type.ec2')!;
    assert.equal(server.sku_code, 's6.small.1.linux');
    assert.equal(server.period_type, '19');
    assert.equal(server.order_id, orders[0]);
    const byMonth = (await c.call('list_customerself_resource_records', { query: { cycle, statistic_type: 1, limit: 100 } })).body;
    // The EIP's purchase and refund are two lines (two kinds of bill) of one resource.
    assert.equal(byMonth.total_count, 4);
    assert.ok((byMonth.fee_records as Row[]).every((r) => r.id === undefined && r.trade_id === undefined));
    const byDay = (await c.call('list_customerself_resource_records', { query: { cycle, statistic_type: 2, limit: 100 } })).body;
    assert.ok((byDay.fee_records as Row[]).every((r) => String(r.bill_date).startsWith(cycle)));
    // Yearly/monthly records and their lines carry no usage.
    for (const r of [...rows, ...(byMonth.fee_records as Row[]), ...(byDay.fee_records as Row[])]) assert.deepEqual(usageOf(r), {});
    const empty = (await c.call('list_customerself_resource_records', { query: { cycle, cloud_service_type: '' } })).body;
    assert.equal(empty.total_count, 0, 'an empty value filters by empty');
    assert.equal((await expectSdkError(c.call('list_customerself_resource_records', { query: { cycle, charge_mode: '' } }))).errorCode, 'CBC.0100');

    const details = (await c.call('list_customerself_resource_record_details', { body: { cycle, statistic_type: 3, limit: 100 } })).body;
    assert.equal(details.total_count, 4);
    const disks = (details.monthly_records as Row[]).filter((r) => r.cloud_service_type === 'hws.service.type.ebs');
    assert.equal(disks.length, 1);
    assert.ok(disks[0]!.parent_resource_id, 'a disk names its server');
    const monthly = (await c.call('list_customerself_resource_record_details', { body: { cycle } })).body;
    assert.equal(monthly.total_count, 4);
    const err = await expectSdkError(c.call('list_customerself_resource_record_details', { body: { cycle, query_type: 'DAILY', statistic_type: 1 } }));
    assert.equal(err.errorCode, 'CBC.0100');
    assert.equal((await expectSdkError(c.call('list_customerself_resource_record_details', { body: { cycle: '2018-12' } }))).errorCode, 'CBC.0100');
  });

  it('shows on-demand usage records with what was measured and what a free package covered', async () => {
    // The month before the orders' one, as rating writes it: four VM hours of one resource, 2.5 of them in a package.
    const [y, m] = cycle.split('-').map(Number) as [number, number];
    const usageCycle = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const start = Date.UTC(Number(usageCycle.slice(0, 4)), Number(usageCycle.slice(5)) - 1, 1) - 8 * HOUR; // UTC+8 midnight
    const deps = { ...t.deps, clock: new ManualClock(new Date(start + 6 * HOUR + 600_000)) };
    await fund(t, w, w.customer2, 10_000n);
    await grantFreePackage(deps, { customer_id: w.customer2.id, name: '2.5 VM hours', service_type_code: 'hws.service.type.ec2', resource_type_code: 'hws.resource.type.vm', usage_type: 'Duration', measure_id: 4, amount: '2.5', effective_time: new Date(start).toISOString(), expire_time: new Date(start + 20 * 24 * HOUR).toISOString() });
    const values = ['1', '1', '0.75', '1'];
    const ingested = await ingestUsage(deps, { source: 'bills', records: values.map((v, i) => vmHour(w.customer2.id, 'vm-usage', new Date(start + i * HOUR), v)) });
    assert.equal(ingested.accepted, 4, JSON.stringify(ingested.rejections));
    assert.equal((await rateAllDue(deps)).records, 4);

    const c = client(t, w.customer2);
    const read = async (query: Row) => (await c.call('list_customerself_resource_records', { query: { cycle: usageCycle, limit: 100, ...query } })).body.fee_records as Row[];
    const vmUsage = (usage: number, free: number) => ({ usage_type: 'Duration', usage, usage_measure_id: 4, free_resource_usage: free, free_resource_measure_id: 4 });
    const records = (await read({})).sort((a, b) => String(a.effective_time).localeCompare(String(b.effective_time)));
    assert.equal(records.length, 4);
    assert.ok(records.every((r) => r.charge_mode === '3' && r.bill_type === 5 && r.resource_id === 'vm-usage'));
    assert.deepEqual(records.map(usageOf), [vmUsage(1, 1), vmUsage(1, 1), vmUsage(0.75, 0.5), vmUsage(1, 0)]);
    // Summed over the group when every record of it has a line of one usage type and unit.
    assert.deepEqual((await read({ statistic_type: 1 })).map(usageOf), [vmUsage(3.75, 2.5)]);
    assert.deepEqual((await read({ statistic_type: 2 })).map(usageOf), [vmUsage(3.75, 2.5)]);
    assert.deepEqual((await read({ statistic_type: 3, offset: 2, limit: 1 })).map(usageOf), [vmUsage(0.75, 0.5)]);

    // A record of the same group without a rated line behind it: the group's usage cannot be told.
    const db = t.deps.db.kysely;
    const first = await db.selectFrom('bill_records').selectAll().where('trade_id', '=', String(records[0]!.trade_id)).executeTakeFirstOrThrow();
    await db.insertInto('bill_records').values({ ...first, id: 'BRT-no-line', trade_id: 'T-no-line' } as Insertable<BillRecordsTable>).execute();
    assert.deepEqual((await read({ statistic_type: 1 })).map(usageOf), [{}]);
    const again = await read({});
    assert.equal(again.length, 5);
    assert.deepEqual(usageOf(again.find((r) => r.id === 'BRT-no-line')!), {});
    assert.equal(again.filter((r) => r.usage_type === 'Duration').length, 4);
  });

  it('breaks a month\'s cost down with past + current + future = consumed', async () => {
    const c = client(t, w.customer);
    const res = (await c.call('list_customer_bills_monthly_break_down', { query: { shared_month: cycle, limit: 100 } })).body;
    const details = res.details as Row[];
    assert.equal(res.total_count, 4);
    const fen = (x: unknown) => Math.round(Number(x) * 100);
    for (const d of details) {
      assert.equal(fen(d.consume_amount), fen(d.past_months_amortized_amount) + fen(d.current_month_amortized_amount) + fen(d.future_months_amortized_amount));
      const parts = ['amortized_cash_amount', 'amortized_credit_amount', 'amortized_coupon_amount', 'amortized_flexipurchase_coupon_amount', 'amortized_stored_value_card_amount', 'amortized_bonus_amount'];
      assert.equal(fen(d.current_month_amortized_amount), parts.reduce((s, k) => s + fen(d[k]), 0));
    }
    const server = details.find((d) => d.service_type_code === 'hws.service.type.ec2')!;
    assert.equal(fen(server.past_months_amortized_amount), 0);
    assert.ok(fen(server.future_months_amortized_amount) > 0, 'a year paid now is mostly spread over later months');
  });

  it('analyses costs by service, original and amortised', async () => {
    const c = client(t, w.customer);
    const body = (costType: string) => ({
      time_condition: { time_measure_id: 2, begin_time: cycle, end_time: cycle },
      groupby: [{ type: 'dimension', key: 'CLOUD_SERVICE_TYPE' }],
      cost_type: costType,
      amount_type: 'PAYMENT_AMOUNT',
    });
    const original = (await c.call('list_costs', { body: body('ORIGINAL_COST') })).body;
    const data = original.cost_data as Array<{ dimensions: Row[]; amount_by_costs: string }>;
    const byService = Object.fromEntries(data.map((d) => [d.dimensions[0]!.value, d.amount_by_costs]));
    assert.deepEqual(byService, { 'hws.service.type.ec2': '420.00', 'hws.service.type.ebs': '400.00', 'hws.service.type.vpc': '0.00' });
    const amortized = (await c.call('list_costs', { body: body('AMORTIZED_COST') })).body;
    const total = (amortized.cost_data as Array<{ amount_by_costs: string }>).reduce((s, d) => s + Number(d.amount_by_costs), 0);
    assert.ok(total < 820, 'only this month\'s share of the year counts');
    const excluded = (await c.call('list_costs', { body: { ...body('ORIGINAL_COST'), filters: [{ operator: 1, filter_factor: { key: 'CLOUD_SERVICE_TYPE', value: ['hws.service.type.vpc'] } }] } })).body;
    assert.equal(excluded.total_count, 2);
    assert.equal((await expectSdkError(c.call('list_costs', { body: { ...body('ORIGINAL_COST'), cost_type: 'X' } }))).errorCode, 'CBC.0100');
  });

  it('gives partners their customers\' monthly sums, records and consuming customers', async () => {
    const d = client(t, w.distributor);
    const sums = (await d.call('list_subcustomer_monthly_bills', { query: { cycle, charge_mode: '1', limit: 100 } })).body;
    const mine = (sums.bill_sums as Row[]).filter((s) => s.customer_id === w.customer.id);
    assert.equal(sums.count, (sums.bill_sums as Row[]).length);
    const refund = mine.find((s) => s.bill_type === '1')!;
    assert.equal(refund.amount, -20);
    assert.equal(refund.debt_amount, undefined);
    assert.deepEqual(refund.account_details, [{ balance_type: 'BALANCE_TYPE_DEBIT', amount: -20, bill_type: '1' }]);
    assert.equal(mine.filter((s) => s.bill_type === '0').reduce((s, x) => s + Number(x.amount), 0), 840);
    assert.ok(!(sums.bill_sums as Row[]).some((s) => s.customer_id === w.resellerCustomer.id), "a tier-2's customers need indirect_partner_id");
    const tier2 = (await d.call('list_subcustomer_monthly_bills', { query: { cycle, charge_mode: '1', indirect_partner_id: w.reseller.id } })).body;
    assert.deepEqual((tier2.bill_sums as Row[]).map((s) => [s.customer_id, s.amount]), [[w.resellerCustomer.id, 40]]);
    assert.equal((await expectSdkError(d.call('list_subcustomer_monthly_bills', { query: { cycle, charge_mode: '1', indirect_partner_id: w.otherReseller.id } }))).errorCode, 'CBC.99000037');
    assert.equal((await expectSdkError(d.call('list_subcustomer_monthly_bills', { query: { cycle, charge_mode: '2' } }))).errorCode, 'CBC.0100');

    const detail = (await d.call('list_sub_customer_bill_detail', { query: { bill_cycle: cycle, customer_id: w.customer.id, limit: 100 } })).body;
    assert.equal(detail.total_count, 4);
    const rows = detail.fee_records as Row[];
    assert.ok(rows.every((r) => r.association_type === '2' && r.partner_id === w.distributor.id));
    assert.deepEqual(rows.map((r) => r.order_type).sort(), [1, 1, 1, 4]);
    const referral = (await d.call('list_sub_customer_bill_detail', { query: { bill_cycle: cycle, customer_id: w.customer.id, association_type: '1' } })).body;
    assert.equal(referral.total_count, 0);
    const foreign = (await client(t, w.otherDistributor).call('list_sub_customer_bill_detail', { query: { bill_cycle: cycle, customer_id: w.customer.id } })).body;
    assert.equal(foreign.total_count, 0, "another partner's customer reads like a missing one");

    const consumers = (await d.call('list_consume_sub_customers', { body: { bill_cycle: cycle } })).body;
    assert.deepEqual(consumers.sub_customers, [{ customer_id: w.customer.id }]);
    const resellers = (await client(t, w.reseller).call('list_consume_sub_customers', { body: { bill_cycle: cycle } })).body;
    assert.deepEqual(resellers.sub_customers, [{ customer_id: w.resellerCustomer.id }]);
  });

  it('keeps roles apart: customers cannot read partner bills nor partners customer bills', async () => {
    assert.equal((await expectSdkError(client(t, w.customer).call('list_subcustomer_monthly_bills', { query: { cycle, charge_mode: '1' } }))).status, 403);
    assert.equal((await expectSdkError(client(t, w.distributor).call('list_customer_bills_fee_records', { query: { bill_cycle: cycle } }))).status, 403);
    const other = (await client(t, w.customer2).call('list_customer_bills_fee_records', { query: { bill_cycle: cycle } })).body;
    assert.equal(other.total_count, 0);
  });

  it('exports the caller\'s own scope as CSV and XLSX', async () => {
    const get = (a: Actor, query: Record<string, string>) => fetchExport(t.url, a.creds as Credentials, query);
    const csv = await get(w.customer, { bill_cycle: cycle, format: 'csv' });
    assert.equal(csv.status, 200);
    assert.match(csv.type, /^text\/csv/);
    assert.match(csv.disposition, new RegExp(`attachment; filename="bills-${w.customer.id}-${cycle}\\.csv"`));
    const text = csv.body.toString('utf8');
    assert.ok(text.startsWith('\uFEFFbill_cycle,bill_date,trade_time,customer_id'));
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, 5);
    assert.ok(lines.some((l) => l.includes(`,${unsubscribeOrder},`) && l.includes(',-20.00,')));

    const partner = await get(w.distributor, { bill_cycle: cycle, format: 'csv' });
    assert.equal(partner.body.toString('utf8').trim().split('\r\n').length, 5);
    const tier2 = await get(w.distributor, { bill_cycle: cycle, indirect_partner_id: w.reseller.id });
    assert.equal(tier2.body.toString('utf8').trim().split('\r\n').length, 2);

    const xlsx = await get(w.customer, { bill_cycle: cycle, format: 'xlsx' });
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(xlsx.body.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX file is a zip');

    assert.equal((await get(w.customer, { bill_cycle: cycle, customer_id: w.customer2.id })).status, 400);
    assert.equal((await get(w.customer, { bill_cycle: 'nope' })).status, 400);
  });
});
