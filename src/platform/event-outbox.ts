import type { Kysely, Transaction } from 'kysely';
import type { DB } from './db/schema.ts';
import { iso } from './deps.ts';
import { rearmJob, rearmJobStatement } from './jobs/jobs.ts';
import { oncePerTransaction } from './db/transaction-once.ts';
import { asRaw, reusableQuery, slotRows } from './db/reusable-query.ts';
import { appendLater, dialectFlush, insertsOf, type FlushRows } from './db/write-behind.ts';

type Conn = Kysely<DB> | Transaction<DB>;

/**
 * Something that happened, for machines (webhooks) rather than people (message_outbox). Written
 * with the transaction of the change it announces, so an event exists exactly when its change was
 * committed. With the event, the same transaction makes the `events.fan-out` sweep due: the webhooks
 * module's handler reads undelivered rows in id order, turns each into one delivery per matching
 * subscription and sets `delivered_at` (handed over, not yet received). Payloads carry ids and
 * states, never secrets or message text. Name the partner(s) an event concerns in `partner_id`
 * (and `tier1_id`) of the payload: that is how the webhooks decide who receives it.
 */
export interface DomainEvent {
  /** Dotted name, e.g. `work_order.status_changed`. */
  type: string;
  /** What the event is about, e.g. `work_order` and its id. */
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/** The job kind that hands new events to their subscribers (handled by the webhooks module). */
export const EVENT_FAN_OUT_JOB = 'events.fan-out';

interface EventRow {
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: string;
  created_at: string;
}

const EVENT_COLUMNS = ['type', 'aggregate_type', 'aggregate_id', 'payload', 'created_at'] as const;
const insertEventsQuery = reusableQuery((db, _p: { rows: EventRow[] }, count: number) => db.insertInto('outbox_events').values(slotRows<EventRow>(count, EVENT_COLUMNS)));
const writeEvents = insertsOf(insertEventsQuery, 'outbox_events', [
  ['type', 'varchar'],
  ['aggregate_type', 'varchar'],
  ['aggregate_id', 'varchar'],
  ['payload', 'text'],
  ['created_at', 'varchar'],
]);

export async function appendEvent(conn: Conn, event: DomainEvent, now: Date): Promise<void> {
  // Inside a group commit, written with the group's other events just before its commit.
  await appendLater(conn, writeEvents, [
    { type: event.type, aggregate_type: event.aggregateType, aggregate_id: event.aggregateId, payload: JSON.stringify(event.payload), created_at: iso(now) },
  ]);
  // One sweep job for all events, not one per event: under a load of money movements a job per
  // event would cost more than the movements. Each event makes the sweep due again once it has run;
  // a sweep hands over every event committed by then, and one that found events schedules a last
  // look a few seconds on, for events committed while it was running.
  // Once per transaction: a group commit of many movements re-arms it once.
  // Inside a group commit it is written with the group's rows too, as the last of them.
  const rearm = () => appendLater(conn, rearmFanOut, [now]);
  await (conn.isTransaction ? oncePerTransaction(conn, EVENT_FAN_OUT_JOB, rearm) : rearm());
}

const fanOutSpec = (rows: Date[]) => {
  const first = rows.reduce((a, b) => (b < a ? b : a));
  return { now: first, spec: { kind: EVENT_FAN_OUT_JOB, key: FAN_OUT_KEY, runAt: first } };
};

/** Makes the fan-out sweep due from the earliest of the times given. */
const rearmFanOut: FlushRows<Date> = dialectFlush(
  (conn, rows) => {
    const { now, spec } = fanOutSpec(rows);
    return rearmJob(conn, now, spec);
  },
  (conn, rows) => {
    const { now, spec } = fanOutSpec(rows);
    return asRaw(rearmJobStatement(conn, now, spec));
  },
);

export const FAN_OUT_KEY = 'events';

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
