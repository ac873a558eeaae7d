import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AssociationHistoryTable, AssociationRequestsTable, AssociationRequestStatus, AssociationSide, DB } from '../../platform/db/schema.ts';
import type { PastRequest } from './association-rules.ts';

/** SQL over association requests and the association history. Takes a connection or a transaction. */
export type Conn = Kysely<DB> | Transaction<DB>;
export type RequestRow = AssociationRequestsTable;

export const insertRequest = (db: Conn, row: RequestRow) => db.insertInto('association_requests').values(row).execute();

export const findRequest = (db: Conn, id: string) =>
  id.length > 64 ? Promise.resolve(undefined) : db.selectFrom('association_requests').selectAll().where('id', '=', id).executeTakeFirst();

/** The customer's open request, if any (stored as pending; it may have run out: see expireStaleRequests). */
export const findOpenRequest = (db: Conn, customerId: string) =>
  db.selectFrom('association_requests').selectAll().where('customer_id', '=', customerId).where('status', '=', 'pending').executeTakeFirst();

/** Marks the customer's pending requests whose time ran out as expired, so that a new one may be made. */
export const expireStaleRequests = (db: Conn, customerId: string, now: string) =>
  db.updateTable('association_requests').set({ status: 'expired' }).where('customer_id', '=', customerId).where('status', '=', 'pending').where('expires_at', '<=', now).execute();

/** Requests made for the customer since `since` (exclusive), whatever became of them: what the three-month rules count. */
export async function listPastRequests(db: Conn, customerId: string, since: string): Promise<PastRequest[]> {
  const rows = await db
    .selectFrom('association_requests')
    .select(['initiator_side', 'partner_id', 'requested_at'])
    .where('customer_id', '=', customerId)
    .where('requested_at', '>', since)
    .execute();
  return rows.map((r) => ({ side: r.initiator_side, partnerId: r.partner_id, requestedAt: r.requested_at }));
}

export interface Decision {
  status: Exclude<AssociationRequestStatus, 'pending' | 'expired'>;
  at: string;
  by: string;
  note?: string | null;
  outcome?: string | null;
}

/** Decides a request that is still pending and in time; returns whether this call decided it. */
export async function decideRequest(db: Conn, id: string, d: Decision): Promise<boolean> {
  const res = await db
    .updateTable('association_requests')
    .set({ status: d.status, decided_at: d.at, decided_by: d.by, decision_note: d.note ?? null, outcome: d.outcome ?? null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', d.at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface RequestFilter {
  customerId?: string;
  partnerId?: string;
  side?: AssociationSide;
  /** Effective status: a pending request past its time reads as expired. */
  status?: AssociationRequestStatus;
  now: string;
}

function requestsQuery(db: Conn, f: RequestFilter) {
  let q = db.selectFrom('association_requests');
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.partnerId !== undefined) q = q.where('partner_id', '=', f.partnerId);
  if (f.side !== undefined) q = q.where('initiator_side', '=', f.side);
  if (f.status === 'pending') q = q.where('status', '=', 'pending').where('expires_at', '>', f.now);
  else if (f.status === 'expired') q = q.where((eb) => eb.or([eb('status', '=', 'expired'), eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', f.now)])]));
  else if (f.status !== undefined) q = q.where('status', '=', f.status);
  return q;
}

export async function countRequests(db: Conn, f: RequestFilter): Promise<number> {
  const row = await requestsQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first. */
export const listRequests = (db: Conn, f: RequestFilter, page: { offset: number; limit: number }) =>
  requestsQuery(db, f).selectAll().orderBy('requested_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();

export const insertHistory = (db: Conn, row: Insertable<AssociationHistoryTable>) => db.insertInto('association_history').values(row).execute();

/** The associations that ended, newest first. */
export const listHistory = (db: Conn, customerId: string) =>
  db.selectFrom('association_history').selectAll().where('customer_id', '=', customerId).orderBy('ended_at', 'desc').orderBy('id', 'desc').execute();
