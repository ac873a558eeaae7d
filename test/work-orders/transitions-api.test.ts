/**
 * The status table as the API applies it: for every status, every action of each side is tried
 * through the SDK on a fresh ticket put in that status. Allowed moves land in the table's status
 * (and write an event when the status changes); refused ones answer 409 and change nothing.
 * A partner-owned ticket is used so that the partner's `transfer` is reachable too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { CASE_STATUSES, HANDLER_ACTIONS, nextStatus, SUBMITTER_ACTIONS, type CaseAction, type Side } from '../../src/modules/work-orders/index.ts';
import { act, actors, failure, openCase, write, type Osm } from './osm-client.ts';

describe('work orders: every transition through the API', () => {
  let t: TestApp;
  let a: ReturnType<typeof actors>;
  before(async () => {
    t = await startTestApp();
    a = actors(t.url);
  });
  after(async () => t.close());

  const rowOf = (id: string) => t.deps.db.kysely.selectFrom('work_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventCount = async (id: string) =>
    Number((await t.deps.db.kysely.selectFrom('outbox_events').select((eb) => eb.fn.countAll().as('n')).where('aggregate_id', '=', id).executeTakeFirstOrThrow()).n);

  async function perform(side: Side, action: CaseAction, id: string, osm: Osm) {
    if (action === 'message') return write(osm, id, `${side} writes`);
    if (action === 'rate') {
      return osm.send({
        method: 'POST',
        url: '/v2/servicerequest/cases/{case_id}/score',
        pathParams: { case_id: id },
        body: { judgement: 'ok', incident_satisfaction_list: [{ satisfaction_id: 1, satisfaction_value: 4 }] },
      });
    }
    return act(osm, id, action);
  }

  it('applies exactly the table, cell by cell', async () => {
    let tried = 0;
    for (const status of CASE_STATUSES) {
      for (const [side, list] of [['submitter', SUBMITTER_ACTIONS], ['handler', HANDLER_ACTIONS]] as const) {
        for (const action of list) {
          // A resale customer's bill question: its partner (the distributor) answers it.
          const id = await openCase(a.resale, { business_type_id: 'bt-bill', product_category_id: 'pc-billing', simple_description: `${status} ${side} ${action}` });
          await t.deps.db.kysely.updateTable('work_orders').set({ status }).where('id', '=', id).execute();
          const before = await eventCount(id);
          const osm = side === 'submitter' ? a.resale : a.distributor;
          const expected = nextStatus(side, action, status);
          const cell = `${side} ${action} in ${status}`;
          if (expected === null) {
            const err = await failure(perform(side, action, id, osm));
            assert.equal(err.status, 409, cell);
            assert.equal(err.errorCode, 'PBSS.0409', cell);
            assert.equal((await rowOf(id)).status, status, cell);
            assert.equal(await eventCount(id), before, `${cell}: no event`);
          } else {
            assert.equal((await perform(side, action, id, osm)).status, 200, cell);
            const row = await rowOf(id);
            assert.equal(row.status, expected, cell);
            if (action === 'delete') assert.ok(row.deleted_at !== null, cell);
            if (action === 'transfer') assert.equal(row.business_ownership, 0, cell);
            if (expected !== status) assert.ok((await eventCount(id)) > before, `${cell}: an event`);
          }
          tried++;
        }
      }
    }
    assert.equal(tried, CASE_STATUSES.length * (SUBMITTER_ACTIONS.length + HANDLER_ACTIONS.length));
  });

  it('serialises concurrent moves on one ticket: one accept wins, every reply gets its own number', async () => {
    const id = await openCase(a.resale);
    const accepts = await Promise.allSettled(Array.from({ length: 5 }, () => act(a.operator, id, 'accept')));
    assert.equal(accepts.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of accepts) if (r.status === 'rejected') assert.equal((r.reason as { status: number }).status, 409);
    const replies = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => write(i % 2 ? a.operator : a.resale, id, `reply ${i}`)));
    assert.deepEqual(replies.map((r) => r.status), Array(8).fill('fulfilled'));
    const seqs = (await t.deps.db.kysely.selectFrom('work_order_messages').select('seq').where('work_order_id', '=', id).orderBy('seq').execute()).map((m) => m.seq);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal((await rowOf(id)).message_count, 9);
  });

  it('refuses an unknown action_id before looking at the case', async () => {
    const err = await failure(act(a.resale, 'TTNOSUCHCASE', 'reopen'));
    assert.equal(err.status, 400);
    assert.equal(err.errorCode, 'OSM.01010013');
  });

  it('lets the submitter urge once per hour of business time', async () => {
    const id = await openCase(a.resale);
    await act(a.resale, id, 'press');
    const err = await failure(act(a.resale, id, 'press'));
    assert.equal(err.errorCode, 'OSM.01010004');
    t.deps.sandboxClock!.setOffset(t.deps.sandboxClock!.offset + 61 * 60_000);
    assert.equal((await act(a.resale, id, 'press')).status, 200);
    const urged = await t.deps.db.kysely.selectFrom('outbox_events').select('type').where('aggregate_id', '=', id).where('type', '=', 'work_order.urged').execute();
    assert.equal(urged.length, 2);
  });

  it('records a rating given with close, and refuses a second one', async () => {
    const id = await openCase(a.resale);
    await act(a.operator, id, 'accept');
    await act(a.resale, id, 'close', { judgement: 'fine', incident_satisfaction_list: [{ satisfaction_id: 2, satisfaction_value: 3 }] });
    const row = await rowOf(id);
    assert.equal(row.status, 3);
    assert.equal(row.judgement, 'fine');
    assert.deepEqual(JSON.parse(row.satisfaction!), [{ satisfaction_id: 2, satisfaction_value: 3 }]);
    const again = await failure(
      a.resale.send({ method: 'POST', url: '/v2/servicerequest/cases/{case_id}/score', pathParams: { case_id: id }, body: { judgement: 'x', incident_satisfaction_list: [{ satisfaction_id: 1, satisfaction_value: 1 }] } }),
    );
    assert.equal(again.status, 409);
  });

  it('checks ratings against the satisfaction dimensions', async () => {
    const id = await openCase(a.resale);
    await act(a.operator, id, 'accept');
    await act(a.resale, id, 'close');
    for (const list of [[{ satisfaction_id: 9, satisfaction_value: 3 }], [{ satisfaction_id: 1, satisfaction_value: 6 }], [{ satisfaction_id: 1, satisfaction_value: 0 }], [{ satisfaction_id: 1, satisfaction_value: 2 }, { satisfaction_id: 1, satisfaction_value: 3 }]]) {
      const err = await failure(a.resale.send({ method: 'POST', url: '/v2/servicerequest/cases/{case_id}/score', pathParams: { case_id: id }, body: { judgement: '', incident_satisfaction_list: list } }));
      assert.equal(err.errorCode, 'OSM.01010001', JSON.stringify(list));
    }
    assert.equal((await rowOf(id)).rated_at, null);
  });
});
