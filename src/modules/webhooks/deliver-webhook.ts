import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import { outboundPolicyOf, postOutbound, type OutboundPolicy } from '../../platform/http/outbound-post.ts';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.ts';
import { findDelivery, findEvent, findSubscription, insertAttempt, recordOutcome } from './webhooks.repo.ts';
import { DELIVER_JOB, DELIVERY_TIMEOUT_MS, backoffMs, deliverJobKey } from './webhook-policy.ts';

export type AttemptCause = 'automatic' | 'replay';

/** The bytes every attempt of a delivery sends (the same each time, so receivers can de-duplicate by id). */
export function webhookBody(event: { id: number | string; type: string; aggregate_type: string; aggregate_id: string; payload: string; created_at: string }): string {
  return JSON.stringify({
    id: String(event.id),
    type: event.type,
    created_at: event.created_at,
    subject: { type: event.aggregate_type, id: event.aggregate_id },
    data: JSON.parse(event.payload) as unknown,
  });
}

interface Outcome {
  statusCode: number | null;
  error: string | null;
  ok: boolean;
}

async function post(policy: OutboundPolicy, url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
  try {
    // No redirects: the subscription names the one URL we call (postOutbound never follows one).
    const status = await postOutbound(url, { headers, body, timeoutMs: DELIVERY_TIMEOUT_MS, policy });
    const ok = status >= 200 && status < 300;
    return { statusCode: status, error: ok ? null : `receiver answered ${status}`, ok };
  } catch (err) {
    const message = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    return { statusCode: null, error: message.slice(0, 500), ok: false };
  }
}

/**
 * Attempt number `attempt` of a delivery: POST the event, signed with the subscription's secret,
 * and record the attempt. A failure schedules the next attempt after an exponential backoff until
 * the delivery's last allowed attempt, then marks it failed. A job for an attempt that is no
 * longer next (a replay or another worker got there) does nothing.
 */
export async function deliverWebhook(deps: Deps, deliveryId: string, attempt: number, cause: AttemptCause): Promise<void> {
  const db = deps.db.kysely;
  const delivery = await findDelivery(db, deliveryId);
  if (!delivery || delivery.status !== 'pending' || delivery.attempts !== attempt - 1) return;
  const sub = await findSubscription(db, delivery.subscription_id);
  const event = await findEvent(db, delivery.event_id);
  if (!sub || !event) return;

  const body = webhookBody({ ...event, id: Number(event.id) });
  // The signed timestamp is wall-clock time: receivers check it against their own clocks.
  const started = deps.wallClock.now();
  const timestamp = Math.floor(started.getTime() / 1000);
  const outcome = await post(
    outboundPolicyOf(deps.mode),
    sub.url,
    {
      'content-type': 'application/json',
      'user-agent': 'partner-bss-webhooks/1',
      'x-webhook-id': delivery.id,
      'x-webhook-event': delivery.event_type,
      'x-webhook-attempt': String(attempt),
      [SIGNATURE_HEADER]: signWebhook(deps.secretBox.open(sub.secret_sealed), timestamp, body),
    },
    body,
  );
  const durationMs = Math.max(0, deps.wallClock.now().getTime() - started.getTime());

  await db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const retry = !outcome.ok && attempt < delivery.last_allowed_attempt;
    const next = retry ? new Date(now.getTime() + backoffMs(attempt)) : null;
    const recorded = await recordOutcome(trx, delivery.id, attempt, {
      status: outcome.ok ? 'succeeded' : retry ? 'pending' : 'failed',
      next_attempt_at: next ? iso(next) : null,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      updated_at: iso(now),
      ...(outcome.ok ? { succeeded_at: iso(now) } : {}),
    });
    if (!recorded) return;
    await insertAttempt(trx, {
      delivery_id: delivery.id,
      attempt,
      cause,
      started_at: iso(started),
      duration_ms: durationMs,
      status_code: outcome.statusCode,
      error: outcome.error,
      succeeded: outcome.ok ? 1 : 0,
    });
    if (next) {
      await scheduleJob(trx, now, { kind: DELIVER_JOB, key: deliverJobKey(delivery.id, attempt + 1), runAt: next, payload: { delivery_id: delivery.id, attempt: attempt + 1, cause: 'automatic' } });
    }
  });
}
