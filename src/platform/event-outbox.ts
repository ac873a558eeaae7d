import type { Kysely, Transaction } from 'kysely';
import type { DB } from './db/schema.ts';
import { iso } from './deps.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Something that happened, for machines (webhooks) rather than people (message_outbox). Written
 * with the transaction of the change it announces, so an event exists exactly when its change was
 * committed; a deliverer (the webhooks issue) reads undelivered rows in id order and sets
 * `delivered_at`. Payloads carry ids and states, never secrets or message text.
 */
export interface DomainEvent {
  /** Dotted name, e.g. `work_order.status_changed`. */
  type: string;
  /** What the event is about, e.g. `work_order` and its id. */
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export async function appendEvent(conn: Conn, event: DomainEvent, now: Date): Promise<void> {
  await conn
    .insertInto('outbox_events')
    .values({
      type: event.type,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.payload),
      created_at: iso(now),
      delivered_at: null,
    })
    .execute();
}

/** The events about one aggregate, oldest first (for tests, consoles and the deliverer). */
export async function listEventsOf(conn: Conn, aggregateType: string, aggregateId: string) {
  const rows = await conn
    .selectFrom('outbox_events')
    .selectAll()
    .where('aggregate_type', '=', aggregateType)
    .where('aggregate_id', '=', aggregateId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), type: r.type, payload: JSON.parse(r.payload) as Record<string, unknown>, created_at: r.created_at, delivered_at: r.delivered_at }));
}
