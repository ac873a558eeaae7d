import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch, type Credentials } from '../support/sdk.ts';
import { JOB_HANDLERS } from '../../src/job-handlers.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { appendEvent } from '../../src/platform/event-outbox.ts';
import { advanceClock, demoActor } from '../../src/modules/sandbox/index.ts';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/modules/webhooks/index.ts';
import { startReceiver, type Received } from '../sso/support.ts';

const SOURCE_ID = '83aeb0f2834c4df49826c781d32a963e';

describe('webhooks: subscriptions, signed deliveries, retries, replay, isolation', () => {
  let app: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const partnerA = credsOf(demoActor('distributor'));
  const partnerB = credsOf(demoActor('solution_provider'));
  const customer = credsOf(demoActor('resale_customer'));
  let secretA = '';
  let secretB = '';
  let subA = '';
  let subB = '';
  let caseId = '';

  const call = (who: Credentials, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    signedFetch(app.url, who, { method, path, query, ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body } : {}) });
  const drain = async () => {
    while ((await runDueJobs(app.deps, JOB_HANDLERS)) > 0);
  };
  const to = (path: string) => receiver.received.filter((r) => r.url === path);
  const eventOf = (r: Received) => JSON.parse(r.body.toString('utf8')) as { id: string; type: string; subject: { type: string; id: string }; data: Record<string, unknown> };
  const signedBy = (secret: string, r: Received) => verifyWebhookSignature(secret, r.headers[SIGNATURE_HEADER] as string, r.body.toString('utf8'), Math.floor(Date.now() / 1000));

  before(async () => {
    app = await startTestApp();
    receiver = await startReceiver();
  });
  after(async () => {
    await app.close();
    await receiver.close();
  });

  it('creates subscriptions and shows each secret once', async () => {
    const a = await call(partnerA, 'POST', '/partner/v1/webhooks/subscriptions', { url: `${receiver.url}/a`, event_types: ['work_order.*', 'customer.created'], description: 'ops' });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.match(String(a.body.secret), /^whsec_/);
    secretA = String(a.body.secret);
    subA = String(a.body.id);
    const b = await call(partnerB, 'POST', '/partner/v1/webhooks/subscriptions', { url: `${receiver.url}/b`, event_types: ['*'] });
    secretB = String(b.body.secret);
    subB = String(b.body.id);
    const listed = await call(partnerA, 'GET', '/partner/v1/webhooks/subscriptions');
    assert.deepEqual(
      (listed.body.subscriptions as Record<string, unknown>[]).map((s) => [s.id, s.secret]),
      [[subA, undefined]],
    );
    assert.equal((await call(customer, 'GET', '/partner/v1/webhooks/subscriptions')).status, 403);
    assert.equal((await call(partnerA, 'POST', '/partner/v1/webhooks/subscriptions', { url: 'ftp://x.test/', event_types: ['*'] })).status, 400);
    assert.equal((await call(partnerA, 'POST', '/partner/v1/webhooks/subscriptions', { url: `${receiver.url}/a`, event_types: ['Bad Type'] })).status, 400);
  });

  it('delivers work-order events to the customer\u2019s partner only, signed with its secret', async () => {
    const created = await call(customer, 'POST', '/v2/servicerequest/cases', {
      business_type_id: 'bt-fault',
      incident_sub_type_id: 'st-technical',
      product_category_id: 'pc-ecs',
      region_id: 'cn-north-4',
      severity_id: 'sev-major',
      simple_description: 'My server does not start.',
      source_id: SOURCE_ID,
      extends_map: { resource_id: 'ecs-1', impact: 'partial' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    caseId = String(created.body.incident_id);
    assert.equal(to('/a').length, 0, 'nothing is sent inside the request');
    await drain();
    const got = to('/a').map(eventOf);
    assert.deepEqual(got.map((e) => e.type), ['work_order.created']);
    assert.equal(got[0]!.data.incident_id, caseId);
    assert.ok(signedBy(secretA, to('/a')[0]!), 'the receiver verifies the signature');
    assert.ok(!signedBy(secretB, to('/a')[0]!));
    assert.equal(to('/b').length, 0, 'another partner hears nothing of it');

    // The operator's answer is a new message for the partner (issue 11: notifications ride on webhooks).
    const op = credsOf(demoActor('operator'));
    const msg = await call(op, 'POST', `/v2/servicerequest/cases/${caseId}/message`, { message: { content: 'We are looking into it.' } });
    assert.equal(msg.status, 200, JSON.stringify(msg.body));
    await drain();
    // The answer also moved the ticket into processing: a status change the partner hears of too.
    assert.deepEqual(to('/a').map(eventOf).map((e) => e.type), ['work_order.created', 'work_order.message_posted', 'work_order.status_changed']);
    const status = to('/a').map(eventOf).at(-1)!;
    assert.deepEqual([status.data.from_status, status.data.to_status], [0, 1]);
  });

  it('retries a failed delivery by the clock with backoff, and logs every attempt', async () => {
    receiver.answers.push(500);
    assert.equal((await call(customer, 'POST', `/v2/servicerequest/cases/${caseId}/message`, { message: { content: 'Any news?' } })).status, 200);
    const before = to('/a').length;
    await drain();
    assert.equal(to('/a').length, before + 1, 'first attempt made');
    const list = await call(partnerA, 'GET', '/partner/v1/webhooks/deliveries', undefined, { status: 'pending' });
    const pending = (list.body.deliveries as Record<string, unknown>[])[0]!;
    assert.equal(pending.attempts, 1);
    assert.equal(pending.last_status_code, 500);
    await drain();
    assert.equal(to('/a').length, before + 1, 'not retried before its time');
    await advanceClock(app.deps, 31);
    await drain();
    assert.equal(to('/a').length, before + 2, 'retried once the clock moved');
    const [first, second] = to('/a').slice(before);
    assert.equal(first!.body.toString(), second!.body.toString(), 'the same body each attempt');
    assert.ok(signedBy(secretA, second!));
    const detail = await call(partnerA, 'GET', `/partner/v1/webhooks/deliveries/${pending.id}`);
    assert.equal(detail.body.status, 'succeeded');
    assert.deepEqual(
      (detail.body.attempt_log as Record<string, unknown>[]).map((x) => [x.attempt, x.status_code, x.succeeded, x.cause]),
      [
        [1, 500, false, 'automatic'],
        [2, 200, true, 'automatic'],
      ],
    );
  });

  it('delivers nothing for an event whose transaction rolled back', async () => {
    const before = receiver.received.length;
    const events = await app.deps.db.kysely.selectFrom('outbox_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(
      app.deps.db.kysely.transaction().execute(async (trx) => {
        await appendEvent(trx, { type: 'customer.created', aggregateType: 'customer', aggregateId: demoActor('resale_customer').accountId, payload: { partner_id: demoActor('distributor').accountId } }, app.deps.clock.now());
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    await drain();
    assert.equal(receiver.received.length, before);
    const after = await app.deps.db.kysely.selectFrom('outbox_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(events.n));
  });

  it('delivers committed customer events from the partner API, and replays from the log', async () => {
    const created = await signedFetch(app.url, partnerA, {
      method: 'POST',
      path: '/v2/partners/sub-customers',
      headers: { 'Content-Type': 'application/json' },
      body: { xaccount_id: 'wh-x-1', xaccount_type: 'demo_platform', domain_name: 'webhook-customer-1' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await drain();
    const delivered = to('/a').map(eventOf).filter((e) => e.type === 'customer.created');
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]!.data.domain_name, 'webhook-customer-1');

    const list = await call(partnerA, 'GET', '/partner/v1/webhooks/deliveries', undefined, { event_type: 'customer.created' });
    const d = (list.body.deliveries as Record<string, unknown>[])[0]!;
    const replay = await call(partnerA, 'POST', `/partner/v1/webhooks/deliveries/${d.id}/replay`);
    assert.equal(replay.status, 202, JSON.stringify(replay.body));
    assert.equal(replay.body.status, 'pending');
    assert.equal((await call(partnerA, 'POST', `/partner/v1/webhooks/deliveries/${d.id}/replay`)).status, 409, 'not while it is queued');
    await drain();
    const again = to('/a').map(eventOf).filter((e) => e.type === 'customer.created');
    assert.equal(again.length, 2);
    assert.equal(again[1]!.id, again[0]!.id, 'the same event id');
    const detail = await call(partnerA, 'GET', `/partner/v1/webhooks/deliveries/${d.id}`);
    assert.deepEqual((detail.body.attempt_log as Record<string, unknown>[]).map((x) => x.cause), ['automatic', 'replay']);
  });

  it('keeps partners apart: B cannot see, replay or delete A\u2019s subscriptions or deliveries', async () => {
    const listA = await call(partnerA, 'GET', '/partner/v1/webhooks/deliveries');
    const aIds = (listA.body.deliveries as Record<string, unknown>[]).map((d) => String(d.id));
    assert.ok(aIds.length >= 4);
    const listB = await call(partnerB, 'GET', '/partner/v1/webhooks/deliveries');
    assert.ok((listB.body.deliveries as Record<string, unknown>[]).every((d) => !aIds.includes(String(d.id))));
    assert.equal((await call(partnerB, 'GET', `/partner/v1/webhooks/deliveries/${aIds[0]}`)).status, 404);
    assert.equal((await call(partnerB, 'POST', `/partner/v1/webhooks/deliveries/${aIds[0]}/replay`)).status, 404);
    assert.equal((await call(partnerB, 'DELETE', `/partner/v1/webhooks/subscriptions/${subA}`)).status, 404);
    assert.equal((await call(partnerB, 'GET', '/partner/v1/webhooks/deliveries', undefined, { subscription_id: subA })).body.total_count, 0);
    const subsB = await call(partnerB, 'GET', '/partner/v1/webhooks/subscriptions');
    assert.deepEqual((subsB.body.subscriptions as Record<string, unknown>[]).map((s) => s.id), [subB]);
    void secretB;
  });

  it('stops delivering once the subscription is deleted', async () => {
    assert.equal((await call(partnerA, 'DELETE', `/partner/v1/webhooks/subscriptions/${subA}`)).status, 204);
    const before = to('/a').length;
    assert.equal((await call(customer, 'POST', `/v2/servicerequest/cases/${caseId}/message`, { message: { content: 'Still there?' } })).status, 200);
    await drain();
    assert.equal(to('/a').length, before);
    assert.deepEqual((await call(partnerA, 'GET', '/partner/v1/webhooks/subscriptions')).body.subscriptions, []);
  });
});
