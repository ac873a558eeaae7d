import { EVENT_FAN_OUT_JOB } from '../../platform/event-outbox.ts';
import { scheduleJob, type JobHandler } from '../../platform/jobs/jobs.ts';
import { deliverWebhook, type AttemptCause } from './deliver-webhook.ts';
import { fanOutEvents } from './fan-out-events.ts';
import { DELIVER_JOB } from './webhook-policy.ts';

/**
 * The fan-out job is made due by every event (event-outbox.ts) and sweeps every event not yet
 * handed over, so events written before a subscription or by an older version are not lost. A
 * sweep that found events schedules a last look a few seconds on (its own key), for events whose
 * transactions committed while it ran: their rearm found it running and left it alone.
 */
const fanOutJob: JobHandler = async (deps) => {
  let handled = 0;
  for (let n; (n = await fanOutEvents(deps)) > 0; ) handled += n;
  if (handled > 0) {
    const now = deps.clock.now();
    const at = new Date(now.getTime() + TAIL_SWEEP_MS);
    await scheduleJob(deps.db.kysely, now, { kind: EVENT_FAN_OUT_JOB, key: `tail@${Math.floor(at.getTime() / 1000)}`, runAt: at });
  }
};

/** Far longer than a money movement's transaction lasts. */
const TAIL_SWEEP_MS = 5_000;

const deliverJob: JobHandler = async (deps, payload) => {
  const p = payload as { delivery_id?: unknown; attempt?: unknown; cause?: unknown } | null;
  if (typeof p?.delivery_id !== 'string' || typeof p.attempt !== 'number') throw new Error('webhook delivery job without a delivery id and attempt');
  await deliverWebhook(deps, p.delivery_id, p.attempt, p.cause === 'replay' ? 'replay' : ('automatic' satisfies AttemptCause));
};

export const WEBHOOK_JOBS: Record<string, JobHandler> = { [EVENT_FAN_OUT_JOB]: fanOutJob, [DELIVER_JOB]: deliverJob };
