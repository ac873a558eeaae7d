import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { failPendingDeliveriesOf, findSubscription, markSubscriptionDeleted } from './webhooks.repo.ts';
import { partnerOf, subscriptionNotFound } from './webhooks.errors.ts';

/**
 * Ends a subscription: no new deliveries, pending ones stop. The subscription and its delivery log
 * stay readable (deliveries name it), so the row is marked deleted rather than removed.
 */
export async function deleteWebhookSubscription(deps: Deps, caller: Caller, id: string): Promise<void> {
  const partnerId = partnerOf(caller);
  const at = iso(deps.clock.now());
  await deps.db.kysely.transaction().execute(async (trx) => {
    const sub = await findSubscription(trx, id);
    if (!sub || sub.partner_id !== partnerId || sub.status !== 'active') throw subscriptionNotFound(id);
    await markSubscriptionDeleted(trx, id, at);
    await failPendingDeliveriesOf(trx, id, at);
  });
}
