import type { SubscriptionRow } from './webhooks.repo.ts';

export interface SubscriptionView {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  created_at: string;
}

/** A subscription as its partner sees it: never the secret. */
export const subscriptionView = (r: SubscriptionRow): SubscriptionView => ({
  id: r.id,
  url: r.url,
  event_types: JSON.parse(r.event_types) as string[],
  description: r.description,
  created_at: r.created_at,
});
