import type { Kysely, Transaction } from 'kysely';
import type { DB } from './db/schema.ts';
import { iso } from './deps.ts';

type Conn = Kysely<DB> | Transaction<DB>;

export interface OutboundMessage {
  /** What the message is, e.g. `verification_code`. */
  kind: string;
  channel: 'sms' | 'email';
  /** A phone number or an e-mail address. */
  recipient: string;
  /** The text the recipient reads. */
  body: string;
  /** Structured details for whoever reads the outbox (a sandbox user, a transport). */
  payload?: Record<string, unknown>;
}

/**
 * Sends a message to a person. It is called inside the use case's transaction with that
 * transaction, so a message exists exactly when the change that caused it was committed. The
 * default writes to the `message_outbox` table, where the operator and sandbox users read it; a
 * real SMS or mail transport would deliver from that table (a job), never from inside the
 * transaction.
 */
export interface MessageSender {
  send(conn: Conn, message: OutboundMessage, now: Date): Promise<void>;
}

export const outboxSender: MessageSender = {
  async send(conn, message, now) {
    await conn
      .insertInto('message_outbox')
      .values({
        kind: message.kind,
        channel: message.channel,
        recipient: message.recipient,
        body: message.body,
        payload: JSON.stringify(message.payload ?? {}),
        status: 'pending',
        created_at: iso(now),
      })
      .execute();
  },
};

export interface OutboxFilter {
  kind?: string;
  recipient?: string;
}

/** The outbox, newest first. */
export async function listOutbox(db: Conn, filter: OutboxFilter, page: { offset: number; limit: number }) {
  let q = db.selectFrom('message_outbox');
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.recipient) q = q.where('recipient', '=', filter.recipient);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
  ]);
  return {
    count: Number(count.n),
    messages: rows.map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      channel: r.channel,
      recipient: r.recipient,
      body: r.body,
      payload: JSON.parse(r.payload) as Record<string, unknown>,
      status: r.status,
      created_at: r.created_at,
    })),
  };
}
