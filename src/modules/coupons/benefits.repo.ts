import { sql, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import type { Conn } from './quotas.repo.ts';

/**
 * SQL for what an order can hold and spend: coupons and stored-value cards (benefits), and the
 * holds on them. A benefit is held by one order at a time (lock_order_id); a hold resolves once,
 * by a conditional update from 'held'.
 */
export type BenefitKind = 'coupon' | 'card';

export interface CardRow {
  id: string;
  customerId: string;
  cardName: string;
  faceValue: Fen;
  balance: Fen;
  frozen: Fen;
  lockOrderId: string | null;
  effectiveTime: string;
  expireTime: string;
  grantedBy: string;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
}

function toCard(r: Selectable<DB['stored_value_cards']>): CardRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    cardName: r.card_name,
    faceValue: toFen(r.face_value),
    balance: toFen(r.balance),
    frozen: toFen(r.frozen),
    lockOrderId: r.lock_order_id,
    effectiveTime: r.effective_time,
    expireTime: r.expire_time,
    grantedBy: r.granted_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastUsedAt: r.last_used_at,
  };
}

export async function insertCard(trx: Transaction<DB>, c: Omit<CardRow, 'frozen' | 'lockOrderId' | 'updatedAt' | 'lastUsedAt'>): Promise<void> {
  await trx
    .insertInto('stored_value_cards')
    .values({
      id: c.id,
      customer_id: c.customerId,
      card_name: c.cardName,
      face_value: c.faceValue,
      balance: c.balance,
      frozen: 0n,
      lock_order_id: null,
      effective_time: c.effectiveTime,
      expire_time: c.expireTime,
      granted_by: c.grantedBy,
      created_at: c.createdAt,
      updated_at: c.createdAt,
      last_used_at: null,
    })
    .execute();
}

export async function findCards(db: Conn, ids: readonly string[]): Promise<CardRow[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('stored_value_cards').selectAll().where('id', 'in', [...ids]).execute()).map(toCard);
}

export interface CardFilter {
  customerId: string;
  cardId?: string;
  /** 1 usable (balance left), 2 used up. */
  status?: 1 | 2;
}

function cardsQuery(db: Conn, f: CardFilter) {
  let q = db.selectFrom('stored_value_cards').where('customer_id', '=', f.customerId);
  if (f.cardId) q = q.where('id', '=', f.cardId);
  if (f.status === 1) q = q.where('balance', '>', 0);
  if (f.status === 2) q = q.where('balance', '=', 0);
  return q;
}

export async function countCards(db: Conn, f: CardFilter): Promise<number> {
  return Number((await cardsQuery(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
}

export async function listCards(db: Conn, f: CardFilter, page: { offset: number; limit: number }): Promise<CardRow[]> {
  const rows = await cardsQuery(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return rows.map(toCard);
}

/** Holds `amount` of a benefit for an order: only the customer's own, in force, not held by another order, holding enough. */
export async function freezeBenefit(
  trx: Transaction<DB>,
  kind: BenefitKind,
  id: string,
  customerId: string,
  orderId: string,
  amount: Fen,
  at: string,
): Promise<boolean> {
  const r =
    kind === 'coupon'
      ? await trx
          .updateTable('coupons')
          .set({ frozen: amount, lock_order_id: orderId, updated_at: at })
          .where('id', '=', id)
          .where('customer_id', '=', customerId)
          .where('status', '=', 2)
          .where('lock_order_id', 'is', null)
          .where('balance', '>=', amount)
          .where('valid_time', '<=', at)
          .where('expire_time', '>', at)
          .executeTakeFirst()
      : await trx
          .updateTable('stored_value_cards')
          .set({ frozen: amount, lock_order_id: orderId, updated_at: at })
          .where('id', '=', id)
          .where('customer_id', '=', customerId)
          .where('lock_order_id', 'is', null)
          .where('balance', '>=', amount)
          .where('effective_time', '<=', at)
          .where('expire_time', '>', at)
          .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Spends `amount` (≤ the held amount) of a benefit the order holds and lifts the hold. Returns the balance after. */
export async function spendHeld(trx: Transaction<DB>, kind: BenefitKind, id: string, orderId: string, held: Fen, amount: Fen, at: string): Promise<Fen> {
  const row =
    kind === 'coupon'
      ? await trx
          .updateTable('coupons')
          .set({
            balance: sql`balance - ${amount}`,
            frozen: 0n,
            lock_order_id: null,
            status: sql`case when balance - ${amount} = 0 then 3 else 2 end`,
            last_used_at: at,
            updated_at: at,
          })
          .where('id', '=', id)
          .where('lock_order_id', '=', orderId)
          .where('frozen', '=', held)
          .returning('balance')
          .executeTakeFirst()
      : await trx
          .updateTable('stored_value_cards')
          .set({ balance: sql`balance - ${amount}`, frozen: 0n, lock_order_id: null, last_used_at: at, updated_at: at })
          .where('id', '=', id)
          .where('lock_order_id', '=', orderId)
          .where('frozen', '=', held)
          .returning('balance')
          .executeTakeFirst();
  if (!row) throw new Error(`${kind} ${id} is not held by order ${orderId} for ${held}`);
  return toFen(row.balance);
}

/** Lifts an order's hold on a benefit without spending. */
export async function unfreezeBenefit(trx: Transaction<DB>, kind: BenefitKind, id: string, orderId: string, at: string): Promise<void> {
  const table = kind === 'coupon' ? 'coupons' : 'stored_value_cards';
  await trx.updateTable(table).set({ frozen: 0n, lock_order_id: null, updated_at: at }).where('id', '=', id).where('lock_order_id', '=', orderId).execute();
}

/**
 * Gives refunded value back to a benefit. A coupon takes it only while in force (usable or used,
 * not past its expiry): null otherwise, and the caller returns it to the quota instead.
 */
export async function refundToBenefit(trx: Transaction<DB>, kind: BenefitKind, id: string, amount: Fen, at: string): Promise<Fen | null> {
  const row =
    kind === 'coupon'
      ? await trx
          .updateTable('coupons')
          .set({ balance: sql`balance + ${amount}`, status: 2, updated_at: at })
          .where('id', '=', id)
          .where('status', 'in', [2, 3])
          .where('expire_time', '>', at)
          .returning('balance')
          .executeTakeFirst()
      : await trx
          .updateTable('stored_value_cards')
          .set({ balance: sql`balance + ${amount}`, updated_at: at })
          .where('id', '=', id)
          .returning('balance')
          .executeTakeFirst();
  return row ? toFen(row.balance) : null;
}

export interface HoldRow {
  id: number;
  kind: BenefitKind;
  benefitId: string;
  orderId: string;
  customerId: string;
  amount: Fen;
  consumed: Fen;
  returned: Fen;
  status: 'held' | 'consumed' | 'released';
}

const toHold = (r: Selectable<DB['coupon_holds']>): HoldRow => ({
  id: Number(r.id),
  kind: r.benefit_kind,
  benefitId: r.benefit_id,
  orderId: r.order_id,
  customerId: r.customer_id,
  amount: toFen(r.amount),
  consumed: toFen(r.consumed),
  returned: toFen(r.returned),
  status: r.status,
});

export async function insertHold(
  trx: Transaction<DB>,
  h: { kind: BenefitKind; benefitId: string; orderId: string; customerId: string; amount: Fen; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('coupon_holds')
    .values({
      benefit_kind: h.kind,
      benefit_id: h.benefitId,
      order_id: h.orderId,
      customer_id: h.customerId,
      amount: h.amount,
      consumed: 0n,
      returned: 0n,
      status: 'held',
      created_at: h.at,
      resolved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** An order's holds (all, or those in one status), in the order they were taken. */
export async function holdsOf(db: Conn, orderId: string, status?: HoldRow['status']): Promise<HoldRow[]> {
  let q = db.selectFrom('coupon_holds').selectAll().where('order_id', '=', orderId);
  if (status) q = q.where('status', '=', status);
  return (await q.orderBy('id').execute()).map(toHold);
}

export async function heldBenefitIds(db: Conn, benefitIds: readonly string[]): Promise<HoldRow[]> {
  if (benefitIds.length === 0) return [];
  return (await db.selectFrom('coupon_holds').selectAll().where('benefit_id', 'in', [...benefitIds]).where('status', '=', 'held').execute()).map(toHold);
}

/** Resolves a held hold, once: false when it was no longer held. */
export async function resolveHold(trx: Transaction<DB>, id: number, status: 'consumed' | 'released', consumed: Fen, at: string): Promise<boolean> {
  const r = await trx.updateTable('coupon_holds').set({ status, consumed, resolved_at: at }).where('id', '=', id).where('status', '=', 'held').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Counts a refund against a consumed hold; false when it would return more than was spent. */
export async function addReturned(trx: Transaction<DB>, id: number, amount: Fen): Promise<boolean> {
  const r = await trx
    .updateTable('coupon_holds')
    .set({ returned: sql`returned + ${amount}` })
    .where('id', '=', id)
    .where('status', '=', 'consumed')
    .where(sql<boolean>`returned + ${amount} <= consumed`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
