import { call, seg } from './client.ts';

/** Webhook subscriptions and the delivery log (an extension beside the partner API: /partner/v1/webhooks). */

export interface WebhookSubscription {
  id: string;
  url: string;
  event_types: string[];
  description: string | null;
  created_at: string;
}

export interface CreatedWebhookSubscription extends WebhookSubscription {
  /** The HMAC-SHA256 key: in this answer only. */
  secret: string;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed'];

export interface WebhookDelivery {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  succeeded_at: string | null;
}

export interface WebhookAttempt {
  attempt: number;
  cause: 'automatic' | 'replay';
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  succeeded: boolean;
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  attempt_log: WebhookAttempt[];
}

export interface DeliveryQuery {
  subscription_id?: string;
  status?: DeliveryStatus;
  event_type?: string;
  offset: number;
  limit: number;
}

/** The event types the modules write (docs/sso-and-webhooks.md, "Events"). */
export const WEBHOOK_EVENT_TYPES = [
  'work_order.created',
  'work_order.status_changed',
  'work_order.message_posted',
  'work_order.urged',
  'work_order.transferred',
  'work_order.rated',
  'work_order.deleted',
  'association_request.created',
  'association_request.declined',
  'association_request.cancelled',
  'customer.association_changed',
  'customer.created',
  'customer.bound',
  'customer.realname_reviewed',
  'coupon.expired',
  'coupon.expiring',
  'funds.moved',
  'balance.low',
  'order.paid',
  'resource.expiring',
  'resource.expired',
  'resource.frozen',
  'resource.released',
] as const;

/** Subscriptions also take a prefix (`work_order.*`) or `*` for every event. */
export const WEBHOOK_EVENT_PATTERNS = ['*', ...Array.from(new Set(WEBHOOK_EVENT_TYPES.map((t) => `${t.split('.')[0]}.*`)))];

const base = '/partner/v1/webhooks';

export const listSubscriptions = () => call<{ subscriptions: WebhookSubscription[] }>('GET', `${base}/subscriptions`);

export const createSubscription = (body: { url: string; event_types: string[]; description?: string }) =>
  call<CreatedWebhookSubscription>('POST', `${base}/subscriptions`, { body });

export const deleteSubscription = (id: string) => call<void>('DELETE', `${base}/subscriptions/${seg(id)}`);

export const listDeliveries = (q: DeliveryQuery) => call<{ total_count: number; deliveries: WebhookDelivery[] }>('GET', `${base}/deliveries`, { query: { ...q } });

export const showDelivery = (id: string) => call<WebhookDeliveryDetail>('GET', `${base}/deliveries/${seg(id)}`);

export const replayDelivery = (id: string) => call<WebhookDeliveryDetail>('POST', `${base}/deliveries/${seg(id)}/replay`);
