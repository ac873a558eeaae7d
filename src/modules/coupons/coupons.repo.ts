import { sql, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import { readCouponLimits, type CouponLimits } from './coupon-limits.ts';
import type { Conn } from './quotas.repo.ts';

/** SQL for coupons. Balances change only through the conditional updates here. */
export interface CouponRow {
  id: string;
  couponType: 1 | 4;
  quotaId: string;
  quotaType: number;
  partnerId: string;
  issuedBy: string;
  customerId: string;
  faceValue: Fen;
  balance: Fen;
  frozen: Fen;
  lockOrderId: string | null;
  /** As stored: 2 usable, 3 used, 4 expired, 5 reclaimed (see couponStatusAt). */
  status: number;
  closedAmount: Fen;
  validTime: string;
  expireTime: string;
  limits: CouponLimits;
  memo: string | null;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
}

function toRow(r: Selectable<DB['coupons']>): CouponRow {
  return {
    id: r.id,
    couponType: r.coupon_type === 4 ? 4 : 1,
    quotaId: r.quota_id,
    quotaType: r.quota_type,
    partnerId: r.partner_id,
    issuedBy: r.issued_by,
    customerId: r.customer_id,
    faceValue: toFen(r.face_value),
    balance: toFen(r.balance),
    frozen: toFen(r.frozen),
    lockOrderId: r.lock_order_id,
    status: r.status,
    closedAmount: toFen(r.closed_amount),
    validTime: r.valid_time,
    expireTime: r.expire_time,
    limits: readCouponLimits(r.limits),
    memo: r.memo,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastUsedAt: r.last_used_at,
  };
}

/**
 * The status the partner API shows at `at`: 1 before the coupon takes effect, 4 once its expiry has
 * passed (the expiry job then returns what is left), else as stored.
 */
export function couponStatusAt(c: Pick<CouponRow, 'status' | 'validTime' | 'expireTime' | 'balance'>, at: string): number {
  if (c.status === 2 && c.expireTime <= at) return 4;
  if (c.status === 2 && c.validTime > at) return 1;
  return c.status;
}

const shownStatus = (at: string) =>
  sql<number>`case when status = 2 and expire_time <= ${at} then 4 when status = 2 and valid_time > ${at} then 1 else status end`;

export async function insertCoupon(trx: Transaction<DB>, c: Omit<CouponRow, 'frozen' | 'lockOrderId' | 'closedAmount' | 'updatedAt' | 'lastUsedAt'>): Promise<void> {
  await trx
    .insertInto('coupons')
    .values({
      id: c.id,
      coupon_type: c.couponType,
      quota_id: c.quotaId,
      quota_type: c.quotaType,
      partner_id: c.partnerId,
      issued_by: c.issuedBy,
      customer_id: c.customerId,
      face_value: c.faceValue,
      balance: c.balance,
      frozen: 0n,
      lock_order_id: null,
      status: c.status,
      closed_amount: 0n,
      valid_time: c.validTime,
      expire_time: c.expireTime,
      limits: JSON.stringify(c.limits),
      memo: c.memo,
      created_at: c.createdAt,
      updated_at: c.createdAt,
      last_used_at: null,
    })
    .execute();
}

export async function findCoupon(db: Conn, id: string): Promise<CouponRow | null> {
  const r = await db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

export async function findCoupons(db: Conn, ids: readonly string[]): Promise<CouponRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('coupons').selectAll().where('id', 'in', [...ids]).execute();
  return rows.map(toRow);
}

export interface CouponFilter {
  at: string;
  partnerId?: string;
  customerId?: string;
  couponId?: string;
  quotaId?: string;
  couponType?: number;
  /** Statuses as shown at `at`. */
  status?: number;
  /** Coupons an order held or used. */
  orderId?: string;
  createdAfter?: string;
  createdBefore?: string;
  validAfter?: string;
  validBefore?: string;
  expireAfter?: string;
  expireBefore?: string;
  /** Leave out coupons that stopped being usable before this instant (expired, used up or reclaimed). */
  closedNotBefore?: string;
}

function filtered(db: Conn, f: CouponFilter) {
  let q = db.selectFrom('coupons');
  if (f.partnerId !== undefined) q = q.where('partner_id', '=', f.partnerId);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.couponId !== undefined) q = q.where('id', '=', f.couponId);
  if (f.quotaId !== undefined) q = q.where('quota_id', '=', f.quotaId);
  if (f.couponType !== undefined) q = q.where('coupon_type', '=', f.couponType);
  if (f.status !== undefined) q = q.where(shownStatus(f.at), '=', f.status);
  if (f.orderId !== undefined) {
    const orderId = f.orderId;
    q = q.where((eb) => eb.exists(eb.selectFrom('coupon_holds as h').select('h.id').whereRef('h.benefit_id', '=', 'coupons.id').where('h.order_id', '=', orderId)));
  }
  if (f.createdAfter) q = q.where('created_at', '>', f.createdAfter);
  if (f.createdBefore) q = q.where('created_at', '<', f.createdBefore);
  if (f.validAfter) q = q.where('valid_time', '>', f.validAfter);
  if (f.validBefore) q = q.where('valid_time', '<', f.validBefore);
  if (f.expireAfter) q = q.where('expire_time', '>', f.expireAfter);
  if (f.expireBefore) q = q.where('expire_time', '<', f.expireBefore);
  if (f.closedNotBefore) {
    const since = f.closedNotBefore;
    q = q.where((eb) => eb.or([eb('status', '=', 2), eb('updated_at', '>=', since)]));
  }
  return q;
}

export async function countCoupons(db: Conn, f: CouponFilter): Promise<number> {
  const row = await filtered(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first. */
export async function listCoupons(db: Conn, f: CouponFilter, page: { offset: number; limit: number }): Promise<CouponRow[]> {
  const rows = await filtered(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return rows.map(toRow);
}

/** How many coupons a quota has issued to a customer, and their total face value (per-customer limits). */
export async function issuedToCustomer(db: Conn, quotaId: string, customerId: string): Promise<{ count: number; faceValue: Fen }> {
  const row = await db
    .selectFrom('coupons')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.coalesce(eb.fn.sum<string | number>('face_value'), eb.lit(0)).as('total')])
    .where('quota_id', '=', quotaId)
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), faceValue: toFen(row.total) };
}

/** The latest order each coupon was held by (order_id of the lists). */
export async function lastOrderOf(db: Conn, couponIds: readonly string[]): Promise<Map<string, string>> {
  if (couponIds.length === 0) return new Map();
  const rows = await db.selectFrom('coupon_holds').select(['benefit_id', 'order_id', 'id']).where('benefit_id', 'in', [...couponIds]).orderBy('id').execute();
  return new Map(rows.map((r) => [r.benefit_id, r.order_id]));
}

/**
 * Closes a usable coupon that no order holds: its whole balance is taken (returned as the amount)
 * and it becomes expired (4) or reclaimed (5). Null when the coupon is not in that state.
 */
export async function closeCoupon(trx: Transaction<DB>, id: string, status: 4 | 5, at: string): Promise<Fen | null> {
  const row = await trx
    .updateTable('coupons')
    .set({ closed_amount: sql`balance`, balance: 0n, status, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 2)
    .where('lock_order_id', 'is', null)
    .returning('closed_amount')
    .executeTakeFirst();
  return row ? toFen(row.closed_amount) : null;
}
