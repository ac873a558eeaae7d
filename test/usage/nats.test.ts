import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from 'nats';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createWorld, topUp, type World } from '../funds/factories.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { ensureUsageStream, publishUsage, rateAllDue, startUsageConsumer, type UsageConsumer } from '../../src/modules/usage/index.ts';
import { vmHour } from './support.ts';

const NATS_URL = process.env.USAGE_NATS_URL ?? 'nats://127.0.0.1:4222';
const HOUR = 3_600_000;

/**
 * Ingestion through a real NATS JetStream broker (the one .ci/run makes sure is running): two
 * consumers share the durable consumer, every batch is published twice (as a sender retrying after
 * a lost acknowledgement would), and each record still lands once and is rated once.
 * NATS_TESTS=off skips it on a machine without a broker.
 */
describe('usage through NATS JetStream', { skip: process.env.NATS_TESTS === 'off' && 'NATS_TESTS=off' }, () => {
  let t: TestApp;
  let w: World;
  let deps: Deps;
  let nc: NatsConnection;
  const consumers: UsageConsumer[] = [];

  before(async () => {
    t = await startTestApp();
    deps = { ...t.deps, clock: new ManualClock(new Date('2026-03-05T00:30:00Z')) };
    w = await createWorld(t.deps);
    await topUp(t.deps, w.distributor, 10_000_000n);
    nc = await connect({ servers: NATS_URL, timeout: 5000 });
    await ensureUsageStream(nc);
  });
  after(async () => {
    for (const c of consumers) await c.stop();
    await nc?.drain();
    await t.close();
  });

  it('two consumers share the stream; batches delivered twice land once; each record is rated once', async () => {
    const source = `nats-test-${randomUUID().slice(0, 8)}`;
    const now = deps.clock.now().getTime();
    const records = Array.from({ length: 60 }, (_, k) => vmHour(w.customer.id, 'vm-nats-1', new Date(Math.floor(now / HOUR) * HOUR - (k + 1) * HOUR)));
    const js = nc.jetstream();
    const batches = Array.from({ length: 12 }, (_, i) => records.slice(i * 5, i * 5 + 5));
    for (const batch of batches) {
      await publishUsage(js, source, batch);
      await publishUsage(js, source, batch);
    }

    consumers.push(await startUsageConsumer(deps, NATS_URL, { batch: 1 }), await startUsageConsumer(deps, NATS_URL, { batch: 1 }));
    const landed = async () =>
      Number((await t.deps.db.kysely.selectFrom('usage_records').select((eb) => eb.fn.countAll().as('n')).where('source', '=', source).executeTakeFirstOrThrow()).n);
    const deadline = Date.now() + 30_000;
    while ((consumers[0]!.messages + consumers[1]!.messages < batches.length * 2 || (await landed()) < records.length) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const handled = consumers.map((c) => c.messages);
    assert.ok(handled[0]! + handled[1]! >= batches.length * 2, `every message consumed: ${JSON.stringify(handled)}`);
    assert.equal(await landed(), records.length, 'each record once, though every batch came twice');

    const rated = await rateAllDue(deps);
    assert.ok(rated.records >= records.length, JSON.stringify(rated));
    assert.equal((await rateAllDue(deps)).records, 0, 'nothing left to rate');
    const statuses = await t.deps.db.kysely.selectFrom('usage_records').select(['status']).where('source', '=', source).execute();
    assert.deepEqual([...new Set(statuses.map((s) => Number(s.status)))], [1], 'every record rated');
    process.stdout.write(`# nats: messages per consumer ${JSON.stringify(handled)}\n`);
  });
});
