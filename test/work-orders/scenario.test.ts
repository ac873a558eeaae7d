/**
 * The life of one ticket through the official SDK's client core: a resale customer uploads a
 * screenshot and reports a fault; the operator's support answers and proposes a solution; the
 * customer replies, closes and rates it. Every status, message, time stamp and outbox event is
 * checked on the way, with the business clock pinned so that times are exact.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { listEventsOf } from '../../src/platform/event-outbox.ts';
import { signedFetchRaw } from './raw-fetch.ts';
import { act, actors, detail, fileMeta, listIds, PNG, SOURCE_ID, statusOf, write } from './osm-client.ts';

describe('work orders: a ticket from opening to rating', () => {
  let t: TestApp;
  let a: ReturnType<typeof actors>;
  const at = (iso: string) => t.deps.sandboxClock!.setNow(new Date(iso));

  before(async () => {
    // Wall time is frozen (signatures stay fresh); business time is then set exactly.
    t = await startTestApp({ wallClock: new ManualClock(new Date()) });
    a = actors(t.url);
  });
  after(async () => t.close());

  it('runs the whole conversation', async () => {
    // 1. The customer uploads a screenshot the way the SDK's uploadAccessory sends it.
    at('2030-01-15T02:00:00.000Z');
    const up = await a.resale.upload(PNG, fileMeta('console-error.png'));
    assert.equal(up.status, 200);
    const accessoryId = String(up.body.accessory_id);
    assert.match(accessoryId, /^[0-9a-f]{32}$/);

    // 2. ...and reports a fault: the problem type's template asks for the resource and a region.
    const created = await a.resale.send({
      method: 'POST',
      url: '/v2/servicerequest/cases',
      headers: { 'X-Language': 'en-us', 'X-Time-Zone': 'GMT+8' },
      body: {
        business_type_id: 'bt-fault',
        incident_sub_type_id: 'st-technical',
        product_category_id: 'pc-ecs',
        region_id: 'cn-north-4',
        severity_id: 'sev-major',
        simple_description: 'The console shows "internal error" when I start my server.',
        source_id: SOURCE_ID,
        remind_mail: 'ops@example.com',
        remind_time: '09:00-18:00',
        extends_map: { resource_id: 'ecs-7f3a', impact: 'partial' },
        accessory_ids: [accessoryId],
      },
    });
    assert.equal(created.status, 200);
    const caseId = String(created.body.incident_id);
    assert.match(caseId, /^TT[0-9A-F]{24}$/);
    assert.equal(await statusOf(a.resale, caseId), 0);

    let d = await detail(a.resale, caseId);
    assert.equal(d.status, 0);
    assert.equal(d.business_ownership, 0, 'a fault goes to the operator');
    assert.equal(d.create_time, '2030-01-15T02:00:00Z');
    assert.equal(d.business_type_name, '故障报障');
    assert.equal(d.incident_type_name, '报障');
    assert.equal(d.dc_name, '华北-北京四');
    assert.equal(d.severity_name, '业务受损');
    assert.equal(d.source_name, '伙伴销售平台');
    assert.equal(d.judgement, '');
    assert.deepEqual(d.incident_satisfaction, []);
    assert.equal(d.resolve_time, undefined);
    assert.deepEqual(d.ext_info, { remind_mail: 'ops@example.com', contact_type: 'email', remind_time: '09:00-18:00' });
    assert.equal(d.message_list.length, 1);
    assert.equal(d.message_list[0]!.is_first_message, 1);
    assert.equal(d.message_list[0]!.type, 0);
    assert.equal(d.message_list[0]!.content, 'The console shows "internal error" when I start my server.');
    assert.deepEqual(d.message_list[0]!.accessory_list, [{ accessory_id: accessoryId, file_actual_name: 'console-error.png' }]);

    // 3. It waits in the operator's queue of open tickets.
    assert.ok((await listIds(a.operator, { incident_status: '0,1,17' })).includes(caseId));

    // 4. Support answers 30 minutes later: answering accepts the ticket.
    at('2030-01-15T02:30:00.000Z');
    await write(a.operator, caseId, 'We are looking into the host of ecs-7f3a.');
    assert.equal(await statusOf(a.resale, caseId), 1);

    // 5. ...and proposes a solution an hour after that.
    at('2030-01-15T03:30:00.000Z');
    await write(a.operator, caseId, 'The host was restarted; please try again.');
    await act(a.operator, caseId, 'resolve', { operate_desc: 'host restarted' });
    assert.equal(await statusOf(a.resale, caseId), 2);
    d = await detail(a.resale, caseId);
    assert.equal(d.resolve_time, Date.parse('2030-01-15T03:30:00Z'));

    // 6. The customer replies (back to processing), then closes and rates it.
    at('2030-01-15T04:00:00.000Z');
    await write(a.resale, caseId, 'It starts now, thank you.');
    assert.equal(await statusOf(a.resale, caseId), 1);
    at('2030-01-15T04:05:00.000Z');
    await act(a.resale, caseId, 'close');
    assert.equal(await statusOf(a.resale, caseId), 3);
    const rated = await a.resale.send({
      method: 'POST',
      url: '/v2/servicerequest/cases/{case_id}/score',
      pathParams: { case_id: caseId },
      body: {
        judgement: 'Quick and clear.',
        incident_satisfaction_list: [
          { satisfaction_id: 1, satisfaction_value: 5 },
          { satisfaction_id: 2, satisfaction_value: 4 },
          { satisfaction_id: 3, satisfaction_value: 5 },
        ],
      },
    });
    assert.equal(rated.status, 200);

    d = await detail(a.resale, caseId);
    assert.equal(d.status, 3);
    assert.equal(d.judgement, 'Quick and clear.');
    assert.deepEqual(
      (d.incident_satisfaction as Array<{ satisfaction_id: number; satisfaction_value: number }>).map((s) => [s.satisfaction_id, s.satisfaction_value]),
      [[1, 5], [2, 4], [3, 5]],
    );
    assert.deepEqual(
      d.message_list.map((m) => [m.type, m.content, m.create_time, m.is_first_message]),
      [
        [0, 'The console shows "internal error" when I start my server.', '2030-01-15T02:00:00Z', 1],
        [1, 'We are looking into the host of ecs-7f3a.', '2030-01-15T02:30:00Z', 0],
        [1, 'The host was restarted; please try again.', '2030-01-15T03:30:00Z', 0],
        [0, 'It starts now, thank you.', '2030-01-15T04:00:00Z', 0],
      ],
    );

    // The message list says who wrote each (replier_type 1: the operator's engineer).
    const messages = await a.resale.send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}/messages', pathParams: { case_id: caseId } });
    assert.equal(messages.body.count, 4);
    assert.deepEqual(
      (messages.body.message_list as Array<{ type: number; replier_type: number; replier_name: string }>).map((m) => [m.type, m.replier_type, m.replier_name]),
      [
        [0, 0, 'demo-resale-customer'],
        [1, 1, 'pbss-operator'],
        [1, 1, 'pbss-operator'],
        [0, 0, 'demo-resale-customer'],
      ],
    );

    // The screenshot comes back byte for byte, as a download.
    const file = await fetchAttachment(accessoryId);
    assert.equal(file.status, 200);
    assert.equal(file.contentType, 'application/octet-stream');
    assert.match(file.disposition ?? '', /filename\*=UTF-8''console-error\.png/);
    assert.ok(file.data.equals(PNG));

    // The row keeps the times of each step, from the business clock.
    const row = await t.deps.db.kysely.selectFrom('work_orders').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(row.created_at, '2030-01-15T02:00:00.000Z');
    assert.equal(row.accepted_at, '2030-01-15T02:30:00.000Z');
    assert.equal(row.resolved_at, '2030-01-15T03:30:00.000Z');
    assert.equal(row.closed_at, '2030-01-15T04:05:00.000Z');
    assert.equal(row.rated_at, '2030-01-15T04:05:00.000Z');

    // Every status change and message left an outbox event, in order, for the webhooks.
    const events = await listEventsOf(t.deps.db.kysely, 'work_order', caseId);
    assert.deepEqual(
      events.map((e) => [e.type, e.payload.from_status ?? null, e.payload.to_status ?? null, e.created_at]),
      [
        ['work_order.created', null, null, '2030-01-15T02:00:00.000Z'],
        ['work_order.message_posted', null, null, '2030-01-15T02:30:00.000Z'],
        ['work_order.status_changed', 0, 1, '2030-01-15T02:30:00.000Z'],
        ['work_order.message_posted', null, null, '2030-01-15T03:30:00.000Z'],
        ['work_order.status_changed', 1, 2, '2030-01-15T03:30:00.000Z'],
        ['work_order.message_posted', null, null, '2030-01-15T04:00:00.000Z'],
        ['work_order.status_changed', 2, 1, '2030-01-15T04:00:00.000Z'],
        ['work_order.status_changed', 1, 3, '2030-01-15T04:05:00.000Z'],
        ['work_order.rated', null, null, '2030-01-15T04:05:00.000Z'],
      ],
    );
    assert.ok(events.every((e) => e.payload.incident_id === caseId && e.payload.customer_id === row.customer_id && e.delivered_at === null));
    assert.equal(events[4]!.payload.operate_desc, 'host restarted');
    // Event payloads name parties and states, never what was written.
    assert.ok(!JSON.stringify(events).includes('restarted; please'));
  });

  const fetchAttachment = (id: string) => signedFetchRaw(t.url, 'resale_customer', `/v2/servicerequest/accessorys/${id}`);
});
