import type { Insertable } from 'kysely';
import type { RealnameApplicationsTable, RealnameQrCodesTable } from '../../platform/db/schema.ts';
import type { Conn } from '../identity/index.ts';

/** SQL over real-name applications and face-verification QR codes. */

export type RealnameApplication = RealnameApplicationsTable;

export const insertApplication = (db: Conn, row: Insertable<RealnameApplicationsTable>) => db.insertInto('realname_applications').values(row).execute();

export const findApplication = (db: Conn, id: string) => db.selectFrom('realname_applications').selectAll().where('id', '=', id).executeTakeFirst();

export const findLatestApplication = (db: Conn, customerId: string) =>
  db
    .selectFrom('realname_applications')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** Applications submitted for the customer after `since` (exclusive), whatever became of them. */
export async function countApplicationsSince(db: Conn, customerId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('realname_applications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('customer_id', '=', customerId)
    .where('submitted_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function hasApplicationInReview(db: Conn, customerId: string): Promise<boolean> {
  const row = await db.selectFrom('realname_applications').select('id').where('customer_id', '=', customerId).where('review_result', '=', 0).executeTakeFirst();
  return !!row;
}

/** Decides an application that is still in review; returns whether this call decided it. */
export async function decideApplication(
  db: Conn,
  id: string,
  d: { review_result: 1 | 2; opinion: string | null; decided_by: string; decided_at: string },
): Promise<boolean> {
  const res = await db.updateTable('realname_applications').set(d).where('id', '=', id).where('review_result', '=', 0).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export interface ApplicationFilter {
  reviewResult?: number;
  customerId?: string;
}

function applicationsQuery(db: Conn, f: ApplicationFilter) {
  let q = db.selectFrom('realname_applications');
  if (f.reviewResult !== undefined) q = q.where('review_result', '=', f.reviewResult);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  return q;
}

export async function countApplications(db: Conn, f: ApplicationFilter): Promise<number> {
  const row = await applicationsQuery(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Oldest first: the order a review queue is worked in. */
export const listApplications = (db: Conn, f: ApplicationFilter, page: { offset: number; limit: number }) =>
  applicationsQuery(db, f).selectAll().orderBy('submitted_at').orderBy('id').offset(page.offset).limit(page.limit).execute();

export const insertQrCode = (db: Conn, row: RealnameQrCodesTable) => db.insertInto('realname_qr_codes').values(row).execute();

/** Uses a QR code up if it is unused and unexpired; returns whether it was. */
export async function useQrCode(db: Conn, tokenHash: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('realname_qr_codes')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
