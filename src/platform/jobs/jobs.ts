import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import { reusableQuery } from '../db/reusable-query.ts';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../deps.ts';

/**
 * Jobs run from the jobs table on the platform's business clock, so that advancing the sandbox
 * clock makes due work happen. A job is scheduled in the same transaction as the change that needs
 * it (an outbox); (kind, key) is unique, so scheduling twice schedules once; a job is claimed with
 * a conditional update, so two workers never run the same job at the same time.
 */
export type JobHandler = (deps: Deps, payload: unknown, job: { kind: string; key: string; runAt: string }) => Promise<void>;

export interface JobSpec {
  kind: string;
  key: string;
  runAt: Date;
  payload?: unknown;
}

export async function scheduleJob(db: Kysely<DB> | Transaction<DB>, now: Date, spec: JobSpec): Promise<void> {
  await db
    .insertInto('jobs')
    .values(pendingJobRow(jobFields(now, spec)))
    .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
    .execute();
}

interface JobFields {
  kind: string;
  key: string;
  payload: string;
  runAt: string;
  createdAt: string;
}

const jobFields = (now: Date, spec: JobSpec): JobFields => ({ kind: spec.kind, key: spec.key, payload: JSON.stringify(spec.payload ?? null), runAt: iso(spec.runAt), createdAt: iso(now) });

/** A job as scheduled: pending, never tried. Its fields are placed as they are (reusableQuery's placeholders too). */
function pendingJobRow(f: JobFields) {
  return {
    kind: f.kind,
    key: f.key,
    payload: f.payload,
    run_at: f.runAt,
    status: 'pending' as const,
    attempts: 0,
    last_error: null,
    locked_until: null,
    created_at: f.createdAt,
    finished_at: null,
  };
}

/**
 * Like scheduleJob, but a job of that kind and key that already ran is made due again: for a job
 * that sweeps whatever has piled up (the events fan-out), so that one row serves many triggers.
 * A pending or running job is left as it is; it will see the new work, or its own follow-up will.
 */
export async function rearmJob(db: Kysely<DB> | Transaction<DB>, now: Date, spec: JobSpec): Promise<void> {
  await rearmQuery(db, jobFields(now, spec));
}

/** rearmJob's statement, compiled and not run (to be sent with others: write-behind). */
export function rearmJobStatement(db: Kysely<DB> | Transaction<DB>, now: Date, spec: JobSpec): CompiledQuery {
  return rearmQuery.compile(db, jobFields(now, spec));
}

// Every group of money movements re-arms the events sweep: built and compiled once (reusableQuery).
const rearmQuery = reusableQuery((db, p: JobFields) =>
  db
    .insertInto('jobs')
    .values(pendingJobRow(p))
    .onConflict((oc) =>
      oc
        .columns(['kind', 'key'])
        .doUpdateSet({ status: 'pending', run_at: p.runAt, attempts: 0, last_error: null, locked_until: null, finished_at: null })
        .where('jobs.status', '=', 'done'),
    ),
);

const LEASE_MS = 5 * 60 * 1000;
const MAX_ATTEMPTS = 10;
const backoffMs = (attempt: number) => Math.min(60 * 60 * 1000, 2 ** attempt * 1000);

/** Runs every job due by the business clock, oldest first. Returns how many ran (successfully or not). */
export async function runDueJobs(deps: Deps, handlers: Record<string, JobHandler>, limit = 100): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.kysely
    .selectFrom('jobs')
    .select(['id', 'kind', 'key', 'payload', 'run_at', 'attempts'])
    .where('status', 'in', ['pending', 'running'])
    .where('run_at', '<=', iso(now))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', iso(deps.wallClock.now()))]))
    .where('kind', 'in', Object.keys(handlers).length ? Object.keys(handlers) : ['\u0000'])
    .orderBy('run_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  let ran = 0;
  for (const job of due) {
    const lease = iso(new Date(deps.wallClock.now().getTime() + LEASE_MS));
    const claimed = await deps.db.kysely
      .updateTable('jobs')
      .set({ status: 'running', locked_until: lease, attempts: job.attempts + 1 })
      .where('id', '=', job.id)
      .where('attempts', '=', job.attempts)
      .where('status', 'in', ['pending', 'running'])
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue; // another worker has it
    ran += 1;
    try {
      await handlers[job.kind]!(deps, JSON.parse(job.payload), { kind: job.kind, key: job.key, runAt: job.run_at });
      await deps.db.kysely
        .updateTable('jobs')
        .set({ status: 'done', locked_until: null, finished_at: iso(deps.clock.now()), last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const attempts = job.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      deps.log.warn({ job: job.kind, key: job.key, attempts, err }, 'job failed');
      await deps.db.kysely
        .updateTable('jobs')
        .set({
          status: failed ? 'failed' : 'pending',
          locked_until: null,
          last_error: err instanceof Error ? err.message : String(err),
          run_at: iso(new Date(deps.clock.now().getTime() + backoffMs(attempts))),
          finished_at: failed ? iso(deps.clock.now()) : null,
        })
        .where('id', '=', job.id)
        .execute();
    }
  }
  return ran;
}

/** Polls for due jobs until stopped. */
export function startJobWorker(deps: Deps, handlers: Record<string, JobHandler>, intervalMs = 1000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        // Drain everything due (a big clock jump may make many jobs due at once).
        while (!stopped && (await runDueJobs(deps, handlers)) > 0);
      } catch (err) {
        deps.log.error({ err }, 'job worker pass failed');
      }
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
