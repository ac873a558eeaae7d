import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { composeDeps } from '../../src/compose.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { runDueJobs, scheduleJob, type JobHandler } from '../../src/platform/jobs/jobs.ts';
import { advanceClock } from '../../src/modules/sandbox/index.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

describe('jobs follow the sandbox clock', () => {
  let testDb: TestDb;
  let deps: Deps;
  const runs: string[] = [];
  const handlers: Record<string, JobHandler> = {
    'test.record': async (_deps, payload) => {
      runs.push(String(payload));
    },
    'test.flaky': async () => {
      throw new Error('not yet');
    },
  };

  before(async () => {
    testDb = await createTestDb();
    const config = loadConfig({ MODE: 'sandbox', DATA_DIR: '/tmp/pbss-jobs-test', MASTER_KEY: Buffer.alloc(32, 1).toString('base64') }, {});
    deps = await composeDeps(config, { db: testDb.db, log: pino({ level: 'silent' }) });
  });
  after(async () => testDb.dispose());

  it('runs a job only once business time reaches it, and only once', async () => {
    const now = deps.clock.now();
    const weekLater = new Date(now.getTime() + 7 * 86400_000);
    await scheduleJob(deps.db.kysely, now, { kind: 'test.record', key: 'renew-1', runAt: weekLater, payload: 'renew-1' });
    // Scheduling the same (kind, key) again changes nothing.
    await scheduleJob(deps.db.kysely, now, { kind: 'test.record', key: 'renew-1', runAt: now, payload: 'dup' });
    assert.equal(await runDueJobs(deps, handlers), 0);
    assert.deepEqual(runs, []);

    await advanceClock(deps, 7 * 86400);
    const [a, b] = await Promise.all([runDueJobs(deps, handlers), runDueJobs(deps, handlers)]);
    assert.equal(a + b, 1, 'two workers racing run the job once');
    assert.deepEqual(runs, ['renew-1']);
    assert.equal(await runDueJobs(deps, handlers), 0);
    const row = await deps.db.kysely.selectFrom('jobs').selectAll().where('key', '=', 'renew-1').executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
  });

  it('retries a failing job later by the clock, with its error recorded', async () => {
    const now = deps.clock.now();
    await scheduleJob(deps.db.kysely, now, { kind: 'test.flaky', key: 'f1', runAt: now });
    assert.equal(await runDueJobs(deps, handlers), 1);
    const row = await deps.db.kysely.selectFrom('jobs').selectAll().where('key', '=', 'f1').executeTakeFirstOrThrow();
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'not yet');
    assert.ok(row.run_at > now.toISOString(), 'retry is scheduled in the future');
    assert.equal(await runDueJobs(deps, handlers), 0, 'not retried before its time');
    await advanceClock(deps, 60);
    assert.equal(await runDueJobs(deps, handlers), 1);
  });
});
