import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { findDelivery, listAttempts, listDeliveries, type DeliveryRow } from './webhooks.repo.ts';
import { deliveryNotFound, partnerOf } from './webhooks.errors.ts';

export interface DeliveryView {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryRow['status'];
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  succeeded_at: string | null;
}

const view = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  subscription_id: d.subscription_id,
  event_id: String(d.event_id),
  event_type: d.event_type,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.status === 'pending' ? d.next_attempt_at : null,
  last_status_code: d.last_status_code,
  last_error: d.last_error,
  created_at: d.created_at,
  succeeded_at: d.succeeded_at,
});

export interface DeliveryQuery {
  subscription_id?: string;
  status?: DeliveryRow['status'];
  event_type?: string;
  offset?: number;
  limit?: number;
}

/** The calling partner's delivery log, newest first. */
export async function listWebhookDeliveries(deps: Deps, caller: Caller, q: DeliveryQuery): Promise<{ total_count: number; deliveries: DeliveryView[] }> {
  const page = pageOf(q, 100, 20);
  const { total, rows } = await listDeliveries(
    deps.db.kysely,
    { partnerId: partnerOf(caller), subscriptionId: q.subscription_id, status: q.status, eventType: q.event_type },
    page,
  );
  return { total_count: total, deliveries: rows.map(view) };
}

/** One delivery with every attempt, in order. */
export async function getWebhookDelivery(deps: Deps, caller: Caller, id: string) {
  const d = await findDelivery(deps.db.kysely, id);
  if (!d || d.partner_id !== partnerOf(caller)) throw deliveryNotFound(id);
  const attempts = await listAttempts(deps.db.kysely, id);
  return {
    ...view(d),
    attempt_log: attempts.map((a) => ({
      attempt: a.attempt,
      cause: a.cause,
      started_at: a.started_at,
      duration_ms: a.duration_ms,
      status_code: a.status_code,
      error: a.error,
      succeeded: a.succeeded === 1,
    })),
  };
}
