import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import { audienceOf, selects, type OutboxEvent } from './event-audience.ts';
import { activeSubscriptionsOf, anyActiveSubscription, insertDelivery, markEventHandedOver, markEventsHandedOver, undeliveredEvents } from './webhooks.repo.ts';
import { DELIVER_JOB, MAX_ATTEMPTS, deliverJobKey } from './webhook-policy.ts';

/**
 * Hands committed outbox events to their subscribers, oldest first: each event becomes one delivery
 * per active subscription of a partner it concerns whose event types select it, each with its first
 * delivery job, and the event is marked handed over, all in one transaction. An event is claimed
 * with a conditional update, so two workers never fan one out twice (the unique (subscription,
 * event) index says the same). Returns how many events it handled.
 */
export async function fanOutEvents(deps: Deps, limit = 100): Promise<number> {
  const pending = await undeliveredEvents(deps.db.kysely, limit);
  if (pending.length === 0) return 0;
  // Nobody subscribed at all (the common case of a platform without webhooks): the batch is
  // handed over in one statement instead of one transaction per event.
  if (!(await anyActiveSubscription(deps.db.kysely))) {
    const ids = pending.map((e) => Number(e.id));
    return markEventsHandedOver(deps.db.kysely, ids, iso(deps.clock.now()));
  }
  let handled = 0;
  for (const row of pending) {
    const event: OutboxEvent = { ...row, id: Number(row.id), payload: JSON.parse(row.payload) as Record<string, unknown> };
    const done = await deps.db.kysely.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      if (!(await markEventHandedOver(trx, event.id, iso(now)))) return false;
      const partners = await audienceOf(trx, event);
      for (const sub of await activeSubscriptionsOf(trx, partners)) {
        if (!selects(JSON.parse(sub.event_types) as string[], event.type)) continue;
        // A subscription hears of what happens from its creation on, not of the history before it.
        if (sub.created_at > event.created_at) continue;
        const id = deps.ids.prefixed('WD');
        await insertDelivery(trx, {
          id,
          subscription_id: sub.id,
          partner_id: sub.partner_id,
          event_id: event.id,
          event_type: event.type,
          status: 'pending',
          attempts: 0,
          last_allowed_attempt: MAX_ATTEMPTS,
          next_attempt_at: iso(now),
          last_status_code: null,
          last_error: null,
          created_at: iso(now),
          updated_at: iso(now),
          succeeded_at: null,
        });
        await scheduleJob(trx, now, { kind: DELIVER_JOB, key: deliverJobKey(id, 1), runAt: now, payload: { delivery_id: id, attempt: 1, cause: 'automatic' } });
      }
      return true;
    });
    if (done) handled += 1;
  }
  return handled;
}
