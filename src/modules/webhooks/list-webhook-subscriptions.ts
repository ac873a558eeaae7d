import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { listSubscriptionsOf } from './webhooks.repo.ts';
import { partnerOf } from './webhooks.errors.ts';
import { subscriptionView, type SubscriptionView } from './subscription-view.ts';

/** The calling partner's active subscriptions, oldest first. */
export async function listWebhookSubscriptions(deps: Deps, caller: Caller): Promise<{ subscriptions: SubscriptionView[] }> {
  const rows = await listSubscriptionsOf(deps.db.kysely, partnerOf(caller));
  return { subscriptions: rows.map(subscriptionView) };
}
