import type { Insertable } from 'kysely';
import type { VerificationCodesTable } from '../../platform/db/schema.ts';
import type { Conn } from '../identity/index.ts';

/** SQL over verification codes. */

export async function countCodesSentSince(db: Conn, mobile: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('verification_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('mobile_phone', '=', mobile)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CodeScope {
  ownerId: string;
  mobile: string;
  scene: number;
  /** Scene 18 codes belong to one customer. */
  customerId: string | null;
}

const scoped = (db: Conn, s: CodeScope) => {
  let q = db.selectFrom('verification_codes').where('owner_id', '=', s.ownerId).where('mobile_phone', '=', s.mobile).where('scene', '=', s.scene);
  q = s.customerId === null ? q.where('customer_id', 'is', null) : q.where('customer_id', '=', s.customerId);
  return q;
};

/** The code a check compares against: the newest one sent in this scope that a newer one has not replaced. */
export const findCurrentCode = (db: Conn, s: CodeScope) =>
  scoped(db, s).selectAll().where('status', '!=', 'superseded').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();

export async function supersedeActiveCodes(db: Conn, s: CodeScope): Promise<void> {
  let q = db
    .updateTable('verification_codes')
    .set({ status: 'superseded' })
    .where('owner_id', '=', s.ownerId)
    .where('mobile_phone', '=', s.mobile)
    .where('scene', '=', s.scene)
    .where('status', '=', 'active');
  q = s.customerId === null ? q.where('customer_id', 'is', null) : q.where('customer_id', '=', s.customerId);
  await q.execute();
}

export const insertCode = (db: Conn, row: Insertable<VerificationCodesTable>) => db.insertInto('verification_codes').values(row).execute();

export const markCodeUsed = (db: Conn, id: string, at: string) =>
  db.updateTable('verification_codes').set({ status: 'used', used_at: at }).where('id', '=', id).execute();

export const recordFailedAttempt = (db: Conn, id: string, attempts: number, locked: boolean) =>
  db
    .updateTable('verification_codes')
    .set({ failed_attempts: attempts, ...(locked ? { status: 'locked' as const } : {}) })
    .where('id', '=', id)
    .execute();
