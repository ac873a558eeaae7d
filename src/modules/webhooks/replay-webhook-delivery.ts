import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import { findDelivery, findSubscription, requeueDelivery } from './webhooks.repo.ts';
import { deliveryInProgress, deliveryNotFound, partnerOf, subscriptionGone } from './webhooks.errors.ts';
import { DELIVER_JOB, MAX_ATTEMPTS, deliverJobKey } from './webhook-policy.ts';
import { getWebhookDelivery } from './list-webhook-deliveries.ts';

/**
 * Sends a delivery again (succeeded or failed): it goes back in the queue for an attempt now, with
 * as many retries as a new delivery. The same event id and body are sent, so a receiver that
 * de-duplicates by event id sees the replay as the event it already has.
 */
export async function replayWebhookDelivery(deps: Deps, caller: Caller, id: string) {
  const partnerId = partnerOf(caller);
  await deps.db.kysely.transaction().execute(async (trx) => {
    const d = await findDelivery(trx, id);
    if (!d || d.partner_id !== partnerId) throw deliveryNotFound(id);
    if (d.status === 'pending') throw deliveryInProgress(id);
    const sub = await findSubscription(trx, d.subscription_id);
    if (!sub || sub.status !== 'active') throw subscriptionGone(id);
    const now = deps.clock.now();
    if (!(await requeueDelivery(trx, d, d.attempts + MAX_ATTEMPTS, iso(now)))) throw deliveryInProgress(id);
    const attempt = d.attempts + 1;
    await scheduleJob(trx, now, { kind: DELIVER_JOB, key: deliverJobKey(id, attempt), runAt: now, payload: { delivery_id: id, attempt, cause: 'replay' } });
  });
  return getWebhookDelivery(deps, caller, id);
}
