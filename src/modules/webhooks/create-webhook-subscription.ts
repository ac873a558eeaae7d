import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { outboundUrlProblem } from '../../platform/http/outbound-url.ts';
import { newOpaqueToken } from '../../platform/ids.ts';
import { EVENT_TYPE_RE } from './event-audience.ts';
import { insertSubscription } from './webhooks.repo.ts';
import { invalidEventTypes, partnerOf, urlRefused } from './webhooks.errors.ts';
import { subscriptionView, type SubscriptionView } from './subscription-view.ts';

export interface CreateSubscriptionInput {
  url: string;
  event_types: string[];
  description?: string;
}

/**
 * Subscribes the calling partner to events. The signing secret is returned here and never again
 * (it is stored sealed with the master key, because signing needs it, not a hash of it).
 */
export async function createWebhookSubscription(deps: Deps, caller: Caller, input: CreateSubscriptionInput): Promise<SubscriptionView & { secret: string }> {
  const partnerId = partnerOf(caller);
  const problem = outboundUrlProblem(input.url, deps.mode);
  if (problem) throw urlRefused(problem);
  if (input.event_types.length === 0) throw invalidEventTypes('must name at least one event type (or "*")');
  const bad = input.event_types.find((t) => !EVENT_TYPE_RE.test(t));
  if (bad !== undefined) throw invalidEventTypes(`contains "${bad}": use dotted names such as work_order.status_changed, a prefix such as work_order.*, or *`);
  const secret = `whsec_${newOpaqueToken()}`;
  const row = {
    id: deps.ids.prefixed('WS'),
    partner_id: partnerId,
    url: input.url,
    event_types: JSON.stringify([...new Set(input.event_types)]),
    secret_sealed: deps.secretBox.seal(secret),
    description: input.description ?? null,
    status: 'active' as const,
    created_at: iso(deps.clock.now()),
    deleted_at: null,
  };
  await insertSubscription(deps.db.kysely, row);
  return { ...subscriptionView(row), secret };
}
