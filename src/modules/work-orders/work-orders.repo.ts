import { sql, type Insertable, type Kysely, type SelectQueryBuilder, type Transaction, type Updateable } from 'kysely';
import type { DB, WorkOrderAttachmentsTable, WorkOrderMessagesTable, WorkOrdersTable } from '../../platform/db/schema.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { isPartnerRole } from './case-access.ts';

/** SQL for work orders, their messages and attachments. Takes a connection or a transaction. */
export type Conn = Kysely<DB> | Transaction<DB>;

export type CaseRow = WorkOrdersTable;
export type MessageRow = WorkOrderMessagesTable;
export type AttachmentRow = WorkOrderAttachmentsTable;

export const insertCase = (db: Conn, row: Insertable<WorkOrdersTable>) => db.insertInto('work_orders').values(row).execute();

/** A ticket that exists and is not deleted; who may see it is the caller's business (case-access.ts). */
export const findCase = (db: Conn, id: string) =>
  db.selectFrom('work_orders').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();

/**
 * Applies `patch` only while the ticket is still in `expected` status: two concurrent actions on
 * one ticket cannot both succeed from the same status. False when the status had moved on.
 */
export async function updateCaseIfStatus(db: Conn, id: string, expected: number, patch: Updateable<WorkOrdersTable>): Promise<boolean> {
  const res = await db.updateTable('work_orders').set(patch).where('id', '=', id).where('status', '=', expected).where('deleted_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Takes the next message number of a ticket. The update also locks the ticket's row (PostgreSQL)
 * or the database (SQLite) until the transaction ends, so messages of one ticket are numbered
 * one at a time.
 */
export async function takeMessageSeq(db: Conn, caseId: string, now: string): Promise<number> {
  const row = await db
    .updateTable('work_orders')
    .set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: now }))
    .where('id', '=', caseId)
    .returning('message_count')
    .executeTakeFirstOrThrow();
  return Number(row.message_count);
}

export const insertMessage = (db: Conn, row: Insertable<WorkOrderMessagesTable>) => db.insertInto('work_order_messages').values(row).execute();

export const listMessagesOf = (db: Conn, caseId: string, page?: { offset: number; limit: number }) => {
  let q = db.selectFrom('work_order_messages').selectAll().where('work_order_id', '=', caseId).orderBy('seq');
  if (page) q = q.offset(page.offset).limit(page.limit);
  return q.execute();
};

export async function countMessagesOf(db: Conn, caseId: string): Promise<number> {
  const row = await db.selectFrom('work_order_messages').select((eb) => eb.fn.countAll().as('n')).where('work_order_id', '=', caseId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CaseFilter {
  searchKeys: string[];
  appKey?: string;
  incidentId?: string;
  createdFrom?: string;
  createdTo?: string;
  statuses?: number[];
  xCustomerId?: string;
  xCustomerName?: string;
  /** Labels are not kept here, so any label filter matches nothing. */
  labelFilter: boolean;
}

/** `column` contains `needle`, ignoring case, the same on both dialects (LIKE with an escape character). */
function containsIgnoringCase(column: string, needle: string) {
  const pattern = `%${needle.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${pattern}) escape '!'`;
}

type CaseQuery = SelectQueryBuilder<DB, 'work_orders', object>;

/** Restricts a query to the tickets the caller may see (the SQL twin of relationOf). */
function visibleTo(q: CaseQuery, caller: Pick<Caller, 'role' | 'accountId'>): CaseQuery {
  if (caller.role === 'operator') return q;
  if (caller.role === 'customer') return q.where('customer_id', '=', caller.accountId);
  if (isPartnerRole(caller.role)) {
    return q.where((eb) => eb.or([eb('customer_id', '=', caller.accountId), eb('partner_id', '=', caller.accountId), eb('tier1_id', '=', caller.accountId)]));
  }
  return q.where(sql<boolean>`1 = 0`);
}

function filteredCases(db: Conn, caller: Pick<Caller, 'role' | 'accountId'>, f: CaseFilter): CaseQuery {
  let q = visibleTo(db.selectFrom('work_orders').where('deleted_at', 'is', null), caller);
  if (f.labelFilter) q = q.where(sql<boolean>`1 = 0`);
  for (const key of f.searchKeys) q = q.where(containsIgnoringCase('simple_description', key));
  if (f.appKey) {
    const key = f.appKey;
    q = q.where((eb) => eb.or([eb('id', '=', key), containsIgnoringCase('simple_description', key)]));
  }
  if (f.incidentId) q = q.where('id', '=', f.incidentId);
  if (f.createdFrom) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdTo) q = q.where('created_at', '<=', f.createdTo);
  if (f.statuses) q = f.statuses.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('status', 'in', f.statuses);
  if (f.xCustomerId) q = q.where('submitter_user_id', '=', f.xCustomerId);
  if (f.xCustomerName) q = q.where('submitter_user_name', '=', f.xCustomerName);
  return q;
}

export async function listCasesVisibleTo(db: Conn, caller: Pick<Caller, 'role' | 'accountId'>, f: CaseFilter, page: { offset: number; limit: number }) {
  const [count, rows] = await Promise.all([
    filteredCases(db, caller, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    filteredCases(db, caller, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.n), rows };
}

/** Who is opening a ticket: its partner (for a customer), that partner's tier-1, and the user's name. */
export async function findSubmitterContext(db: Conn, caller: Pick<Caller, 'accountId' | 'userId' | 'role'>) {
  const user = await db.selectFrom('users').select('name').where('id', '=', caller.userId).executeTakeFirst();
  if (caller.role !== 'customer') return { userName: user?.name ?? '', partnerId: null, tier1Id: null, associationType: null };
  const link = await db
    .selectFrom('customers as c')
    .innerJoin('accounts as p', 'p.id', 'c.partner_id')
    .select(['c.partner_id', 'c.association_type', 'p.partner_type', 'p.parent_id'])
    .where('c.id', '=', caller.accountId)
    // A customer unbound from its partner belongs to the platform (no partner): the operator answers it.
    .where('p.kind', '=', 'partner')
    .executeTakeFirst();
  return {
    userName: user?.name ?? '',
    partnerId: link?.partner_id ?? null,
    tier1Id: link?.partner_type === 'reseller' ? link.parent_id : null,
    associationType: link?.association_type ?? null,
  };
}

export async function findUserName(db: Conn, userId: string): Promise<string> {
  const user = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return user?.name ?? '';
}

// --- attachments ---

export const insertAttachment = (db: Conn, row: AttachmentRow) => db.insertInto('work_order_attachments').values(row).execute();

export const findAttachment = (db: Conn, id: string) =>
  db.selectFrom('work_order_attachments').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();

/** Marks an unused upload deleted; the row stays so that it still counts toward the day's allowance. */
export async function markAttachmentDeleted(db: Conn, id: string, ownerAccountId: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('work_order_attachments')
    .set({ deleted_at: now })
    .where('id', '=', id)
    .where('owner_account_id', '=', ownerAccountId)
    .where('work_order_id', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Attaches unused uploads of `ownerAccountId` to a ticket (and message). Returns how many were
 * attached; fewer than asked means one was missing, foreign or already used.
 */
export async function claimAttachments(db: Conn, ids: string[], ownerAccountId: string, caseId: string, messageId: string): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await db
    .updateTable('work_order_attachments')
    .set({ work_order_id: caseId, message_id: messageId })
    .where('id', 'in', ids)
    .where('owner_account_id', '=', ownerAccountId)
    .where('work_order_id', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const listAttachmentsOfCase = (db: Conn, caseId: string) =>
  db.selectFrom('work_order_attachments').select(['id', 'file_name', 'message_id']).where('work_order_id', '=', caseId).orderBy('created_at').orderBy('id').execute();

/** Bytes an account has uploaded since `since` (its daily allowance). */
export async function bytesUploadedSince(db: Conn, ownerAccountId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('work_order_attachments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string | bigint>('size'), eb.lit(0)).as('total'))
    .where('owner_account_id', '=', ownerAccountId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Records a rating unless the ticket was rated already (or left the completed status). */
export async function rateCaseOnce(db: Conn, id: string, r: { satisfaction: string; judgement: string; at: string }): Promise<boolean> {
  const res = await db
    .updateTable('work_orders')
    .set({ satisfaction: r.satisfaction, judgement: r.judgement, rated_at: r.at, updated_at: r.at })
    .where('id', '=', id)
    .where('status', '=', 3)
    .where('rated_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
