import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deps } from '../../src/platform/deps.ts';
import { IDEMPOTENCY_KEY_RETENTION_MS, purgeIdempotencyKeys, runIdempotent, type IdempotencyClaim } from '../../src/platform/idempotency.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { PLATFORM_JOBS, scheduleMaintenance } from '../../src/platform/jobs/maintenance.ts';
import { advanceClock } from '../../src/modules/sandbox/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Idempotency keys keep their answers for IDEMPOTENCY_KEY_RETENTION_MS of business time, then go. */
describe(`idempotency keys past their retention (${DIALECT})`, () => {
  let t: TestApp;
  let deps: Deps;
  let n = 0;
  const claimOf = (key: string): IdempotencyClaim => ({ scope: 'purge-test', operation: 'test', key, requestHash: 'h' });
  /** Claims `key` through runIdempotent at the current business time; `runs` counts real executions. */
  const runs = new Map<string, number>();
  const call = (key: string) =>
    runIdempotent(deps.db, claimOf(key), deps.clock.now().toISOString(), async () => {
      runs.set(key, (runs.get(key) ?? 0) + 1);
      return { n: ++n };
    });
  const keys = async () => (await deps.db.kysely.selectFrom('idempotency_keys').select('key').where('account_id', '=', 'purge-test').orderBy('id').execute()).map((r) => r.key);

  before(async () => {
    t = await startTestApp({ seed: false });
    deps = t.deps;
  });
  after(async () => t.close());

  it('deletes the keys claimed before an instant, oldest first, batch by batch', async () => {
    const start = deps.clock.now().getTime();
    for (let day = 0; day < 10; day++) {
      await call(`d${day}-a`);
      await call(`d${day}-b`);
      await advanceClock(deps, DAY / 1000);
    }
    const cutoff = new Date(start + 6 * DAY).toISOString();
    // Batches of 3 over 12 keys: four statements, the last one finding fewer than 3.
    assert.equal(await purgeIdempotencyKeys(deps.db.kysely, cutoff, 3), 12);
    assert.deepEqual(await keys(), ['d6-a', 'd6-b', 'd7-a', 'd7-b', 'd8-a', 'd8-b', 'd9-a', 'd9-b']);
    assert.equal(await purgeIdempotencyKeys(deps.db.kysely, cutoff, 3), 0, 'nothing more to delete');
  });

  it('runs daily on the business clock: a retry past the retention is a new request, one within it is not', async () => {
    await scheduleMaintenance(deps);
    await runDueJobs(deps, PLATFORM_JOBS);
    // The newest keys above were claimed a day ago: within the retention.
    assert.equal((await call('d9-a')).n, 19, 'the stored answer');
    assert.equal(runs.get('d9-a'), 1);
    await advanceClock(deps, (IDEMPOTENCY_KEY_RETENTION_MS + DAY) / 1000);
    await runDueJobs(deps, PLATFORM_JOBS);
    assert.deepEqual(await keys(), [], 'every key is past its retention');
    await call('d9-a');
    assert.equal(runs.get('d9-a'), 2, 'forgotten, so run anew');
  });
});
