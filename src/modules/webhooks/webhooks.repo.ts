import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, WebhookAttemptsTable, WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../../platform/db/schema.ts';

/** SQL of webhook subscriptions, deliveries and attempts. Takes a connection or a transaction. */
export type Conn = Kysely<DB> | Transaction<DB>;

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export const insertSubscription = (db: Conn, row: Insertable<WebhookSubscriptionsTable>) => db.insertInto('webhook_subscriptions').values(row).execute();

export const findSubscription = (db: Conn, id: string) => db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();

export const listSubscriptionsOf = (db: Conn, partnerId: string) =>
  db.selectFrom('webhook_subscriptions').selectAll().where('partner_id', '=', partnerId).where('status', '=', 'active').orderBy('created_at').orderBy('id').execute();

export const activeSubscriptionsOf = (db: Conn, partnerIds: readonly string[]) =>
  partnerIds.length === 0
    ? Promise.resolve([] as SubscriptionRow[])
    : db.selectFrom('webhook_subscriptions').selectAll().where('partner_id', 'in', [...partnerIds]).where('status', '=', 'active').orderBy('id').execute();

export const markSubscriptionDeleted = (db: Conn, id: string, at: string) =>
  db.updateTable('webhook_subscriptions').set({ status: 'deleted', deleted_at: at }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();

export const undeliveredEvents = (db: Conn, limit: number) =>
  db.selectFrom('outbox_events').selectAll().where('delivered_at', 'is', null).orderBy('id').limit(limit).execute();

export const findEvent = (db: Conn, id: number) => db.selectFrom('outbox_events').selectAll().where('id', '=', id).executeTakeFirst();

export const anyActiveSubscription = async (db: Conn): Promise<boolean> =>
  (await db.selectFrom('webhook_subscriptions').select('id').where('status', '=', 'active').limit(1).executeTakeFirst()) !== undefined;

/** Hands over events nobody subscribes to; returns how many this caller marked. */
export async function markEventsHandedOver(db: Conn, ids: readonly number[], at: string): Promise<number> {
  const res = await db.updateTable('outbox_events').set({ delivered_at: at }).where('id', 'in', [...ids]).where('delivered_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Claims an event for fan-out: true for exactly one caller. */
export async function markEventHandedOver(db: Conn, id: number, at: string): Promise<boolean> {
  const res = await db.updateTable('outbox_events').set({ delivered_at: at }).where('id', '=', id).where('delivered_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const insertDelivery = (db: Conn, row: Insertable<WebhookDeliveriesTable>) =>
  db.insertInto('webhook_deliveries').values(row).onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing()).execute();

export const findDelivery = (db: Conn, id: string) => db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();

export interface DeliveryFilter {
  partnerId: string;
  subscriptionId?: string;
  status?: DeliveryRow['status'];
  eventType?: string;
}

function filtered(db: Conn, f: DeliveryFilter) {
  let q = db.selectFrom('webhook_deliveries').where('partner_id', '=', f.partnerId);
  if (f.subscriptionId) q = q.where('subscription_id', '=', f.subscriptionId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.eventType) q = q.where('event_type', '=', f.eventType);
  return q;
}

export async function listDeliveries(db: Conn, f: DeliveryFilter, page: { offset: number; limit: number }): Promise<{ total: number; rows: DeliveryRow[] }> {
  const count = await filtered(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await filtered(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return { total: Number(count.n), rows };
}

export const listAttempts = (db: Conn, deliveryId: string) =>
  db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();

export const insertAttempt = (db: Conn, row: Insertable<WebhookAttemptsTable>) => db.insertInto('webhook_attempts').values(row).execute();

/** Records the outcome of attempt number `attempt`, unless another attempt got there first. */
export async function recordOutcome(
  db: Conn,
  id: string,
  attempt: number,
  set: Pick<WebhookDeliveriesTable, 'status' | 'next_attempt_at' | 'last_status_code' | 'last_error' | 'updated_at'> & { succeeded_at?: string },
): Promise<boolean> {
  const res = await db
    .updateTable('webhook_deliveries')
    .set({ ...set, attempts: attempt })
    .where('id', '=', id)
    .where('attempts', '=', attempt - 1)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Puts a finished delivery back in the queue (a replay): true for exactly one caller. */
export async function requeueDelivery(db: Conn, d: DeliveryRow, lastAllowedAttempt: number, at: string): Promise<boolean> {
  const res = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', last_allowed_attempt: lastAllowedAttempt, next_attempt_at: at, updated_at: at })
    .where('id', '=', d.id)
    .where('attempts', '=', d.attempts)
    .where('status', '!=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export const failPendingDeliveriesOf = (db: Conn, subscriptionId: string, at: string) =>
  db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null, last_error: 'subscription deleted', updated_at: at })
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .execute();
