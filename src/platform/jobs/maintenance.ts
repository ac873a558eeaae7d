import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';
import { scheduleJob, type JobHandler } from './jobs.ts';
import { IDEMPOTENCY_KEY_RETENTION_MS, purgeIdempotencyKeys } from '../idempotency.ts';

/**
 * Daily housekeeping on the business clock: expired tokens are deleted, so are idempotency keys
 * past their retention (IDEMPOTENCY_KEY_RETENTION_MS), and the next run is scheduled. Modules add
 * their own kinds (renewals, expiries, rating) to the worker's table. (The kind keeps its first
 * name, so that runs already scheduled in a database still find their handler.)
 */
export const PURGE_TOKENS = 'platform.purge-expired-tokens';

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

export const purgeExpiredTokens: JobHandler = async (deps, _payload, job) => {
  await deps.db.kysely.deleteFrom('tokens').where('expires_at', '<', iso(deps.wallClock.now())).execute();
  await purgeIdempotencyKeys(deps.db.kysely, iso(new Date(deps.clock.now().getTime() - IDEMPOTENCY_KEY_RETENTION_MS)));
  const next = new Date(new Date(job.runAt).getTime() + 24 * 60 * 60 * 1000);
  await scheduleJob(deps.db.kysely, deps.clock.now(), { kind: PURGE_TOKENS, key: dayKey(next), runAt: next });
};

export async function scheduleMaintenance(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const pending = await deps.db.kysely.selectFrom('jobs').select('id').where('kind', '=', PURGE_TOKENS).where('status', '!=', 'done').executeTakeFirst();
  if (pending) return;
  await scheduleJob(deps.db.kysely, now, { kind: PURGE_TOKENS, key: dayKey(now), runAt: now });
}

export const PLATFORM_JOBS: Record<string, JobHandler> = { [PURGE_TOKENS]: purgeExpiredTokens };
