import type { Insertable, Selectable, Updateable, Kysely, Transaction } from 'kysely';
import type { DB, OrderDiscountLinesTable, OrderLineItemsTable, OrdersTable } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';

/** SQL for orders, their line items, discount options and coupons. */
export type Conn = Kysely<DB> | Transaction<DB>;

export interface OrderRow {
  id: string;
  customerId: string;
  parentId: string | null;
  isCombined: boolean;
  orderType: number;
  sourceType: number;
  status: number;
  serviceTypeCode: string;
  official: Fen;
  amount: Fen;
  discountId: string | null;
  discountType: number | null;
  coupon: Fen;
  cash: Fen;
  credit: Fen;
  commission: Fen | null;
  consumed: Fen | null;
  periodType: number | null;
  periodNum: number | null;
  userName: string;
  createdAt: string;
  paymentTime: string | null;
  deadline: string | null;
  closedAt: string | null;
}

export interface LineRow {
  id: string;
  orderId: string;
  seq: number;
  lineKey: string;
  parentLineId: string | null;
  resourceId: string | null;
  isMain: boolean;
  serviceTypeCode: string;
  resourceTypeCode: string;
  specCode: string;
  regionCode: string;
  productId: string;
  resourceSize: number | null;
  sizeMeasureId: number | null;
  periodType: number | null;
  periodNum: number | null;
  subscriptionNum: number;
  official: Fen;
  amount: Fen;
  coupon: Fen;
  resourceName: string | null;
  projectId: string | null;
  effectiveTime: string | null;
  expireTime: string | null;
}

export interface DiscountLineRow {
  lineItemId: string;
  discountId: string;
  orderId: string;
  discountType: number;
  discountName: string;
  ratio: string;
  amount: Fen;
  applies: boolean;
}

const fenOrNull = (v: number | string | bigint | null) => (v === null ? null : toFen(v));

function toOrder(r: Selectable<OrdersTable>): OrderRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    parentId: r.parent_id,
    isCombined: r.is_combined === 1,
    orderType: r.order_type,
    sourceType: r.source_type,
    status: r.status,
    serviceTypeCode: r.service_type_code,
    official: toFen(r.official_amount),
    amount: toFen(r.amount_after_discount),
    discountId: r.discount_id,
    discountType: r.discount_type,
    coupon: toFen(r.coupon_amount),
    cash: toFen(r.cash_amount),
    credit: toFen(r.credit_amount),
    commission: fenOrNull(r.commission_amount),
    consumed: fenOrNull(r.consumed_amount),
    periodType: r.period_type,
    periodNum: r.period_num,
    userName: r.user_name,
    createdAt: r.created_at,
    paymentTime: r.payment_time,
    deadline: r.pending_payment_end_time,
    closedAt: r.closed_at,
  };
}

function toLine(r: Selectable<OrderLineItemsTable>): LineRow {
  return {
    id: r.id,
    orderId: r.order_id,
    seq: r.seq,
    lineKey: r.line_key,
    parentLineId: r.parent_line_id,
    resourceId: r.resource_id,
    isMain: r.is_main === 1,
    serviceTypeCode: r.service_type_code,
    resourceTypeCode: r.resource_type_code,
    specCode: r.spec_code,
    regionCode: r.region_code,
    productId: r.product_id,
    resourceSize: r.resource_size,
    sizeMeasureId: r.size_measure_id,
    periodType: r.period_type,
    periodNum: r.period_num,
    subscriptionNum: r.subscription_num,
    official: toFen(r.official_amount),
    amount: toFen(r.amount_after_discount),
    coupon: toFen(r.coupon_amount),
    resourceName: r.resource_name,
    projectId: r.project_id,
    effectiveTime: r.effective_time,
    expireTime: r.expire_time,
  };
}

export async function insertOrders(trx: Transaction<DB>, rows: Insertable<OrdersTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('orders').values(rows).execute();
}

export async function insertLines(trx: Transaction<DB>, rows: Insertable<OrderLineItemsTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('order_line_items').values(rows).execute();
}

export async function insertDiscountLines(trx: Transaction<DB>, rows: Insertable<OrderDiscountLinesTable>[]): Promise<void> {
  // Chunks keep every statement under the drivers' parameter limits.
  for (let i = 0; i < rows.length; i += 100) await trx.insertInto('order_discount_lines').values(rows.slice(i, i + 100)).execute();
}

export async function findOrder(db: Conn, id: string): Promise<OrderRow | undefined> {
  const r = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrder(r) : undefined;
}

/** A natural-key lookup: the order a system process already created for the same purpose. */
export async function findOrderByNaturalKey(db: Conn, key: string): Promise<OrderRow | undefined> {
  const r = await db.selectFrom('orders').selectAll().where('natural_key', '=', key).executeTakeFirst();
  return r ? toOrder(r) : undefined;
}

export async function findSubOrders(db: Conn, parentId: string): Promise<OrderRow[]> {
  const rows = await db.selectFrom('orders').selectAll().where('parent_id', '=', parentId).orderBy('seq').execute();
  return rows.map(toOrder);
}

export async function findSubOrdersOf(db: Conn, parentIds: readonly string[]): Promise<OrderRow[]> {
  if (parentIds.length === 0) return [];
  const rows = await db.selectFrom('orders').selectAll().where('parent_id', 'in', [...parentIds]).orderBy('parent_id').orderBy('seq').execute();
  return rows.map(toOrder);
}

export async function findLines(db: Conn, orderIds: readonly string[]): Promise<LineRow[]> {
  if (orderIds.length === 0) return [];
  const rows = await db.selectFrom('order_line_items').selectAll().where('order_id', 'in', [...orderIds]).orderBy('order_id').orderBy('seq').execute();
  const order = new Map(orderIds.map((id, i) => [id, i]));
  return rows.map(toLine).sort((a, b) => order.get(a.orderId)! - order.get(b.orderId)! || a.seq - b.seq);
}

export async function findDiscountLines(db: Conn, orderId: string): Promise<DiscountLineRow[]> {
  const rows = await db.selectFrom('order_discount_lines').selectAll().where('order_id', '=', orderId).execute();
  return rows.map((r) => ({
    lineItemId: r.line_item_id,
    discountId: r.discount_id,
    orderId: r.order_id,
    discountType: r.discount_type,
    discountName: r.discount_name,
    ratio: r.ratio,
    amount: toFen(r.amount),
    applies: r.applies === 1,
  }));
}

export async function findOrderCoupons(db: Conn, orderId: string) {
  const rows = await db.selectFrom('order_coupons').selectAll().where('order_id', '=', orderId).orderBy('coupon_id').execute();
  return rows.map((r) => ({ couponId: r.coupon_id, couponType: r.coupon_type, amount: toFen(r.amount) }));
}

export async function insertOrderCoupons(trx: Transaction<DB>, orderId: string, uses: ReadonlyArray<{ id: string; type: number; amount: Fen }>): Promise<void> {
  if (uses.length === 0) return;
  await trx
    .insertInto('order_coupons')
    .values(uses.map((u) => ({ order_id: orderId, coupon_id: u.id, coupon_type: u.type, amount: u.amount })))
    .execute();
}

/** Moves orders from one status to another; returns how many moved (a conditional update: the guard against a second payment). */
export async function moveOrderStatus(
  trx: Transaction<DB>,
  ids: readonly string[],
  from: number,
  patch: Partial<Pick<Updateable<OrdersTable>, 'status' | 'payment_time' | 'closed_at' | 'updated_at' | 'amount_after_discount' | 'discount_id' | 'discount_type' | 'coupon_amount' | 'cash_amount' | 'credit_amount'>>,
): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await trx.updateTable('orders').set(patch).where('id', 'in', [...ids]).where('status', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function updateLine(
  trx: Transaction<DB>,
  id: string,
  patch: Partial<Pick<Updateable<OrderLineItemsTable>, 'amount_after_discount' | 'coupon_amount' | 'resource_id' | 'effective_time' | 'expire_time'>>,
): Promise<void> {
  await trx.updateTable('order_line_items').set(patch).where('id', '=', id).execute();
}

export interface OrderFilter {
  customerIds?: readonly string[];
  /** Orders of customers whose partner is this one. */
  partnerId?: string;
  customerId?: string;
  orderId?: string;
  serviceTypeCode?: string;
  status?: number;
  orderType?: number;
  createdFrom?: string;
  createdTo?: string;
  paidFrom?: string;
  paidTo?: string;
}

function orderQuery(db: Conn, f: OrderFilter) {
  let q = db.selectFrom('orders').where('orders.parent_id', 'is', null);
  if (f.partnerId !== undefined) q = q.where('orders.customer_id', 'in', (eb) => eb.selectFrom('customers').select('customers.id').where('customers.partner_id', '=', f.partnerId!));
  if (f.customerIds !== undefined) q = q.where('orders.customer_id', 'in', f.customerIds.length ? [...f.customerIds] : ['\u0000']);
  if (f.customerId !== undefined) q = q.where('orders.customer_id', '=', f.customerId);
  if (f.orderId !== undefined) q = q.where((eb) => eb(eb.fn('upper', ['orders.id']), '=', f.orderId!.toUpperCase()));
  if (f.serviceTypeCode !== undefined) q = q.where((eb) => eb(eb.fn('lower', ['orders.service_type_code']), '=', f.serviceTypeCode!.toLowerCase()));
  if (f.status !== undefined) q = q.where('orders.status', '=', f.status);
  if (f.orderType !== undefined) q = q.where('orders.order_type', '=', f.orderType);
  if (f.createdFrom !== undefined) q = q.where('orders.created_at', '>=', f.createdFrom);
  if (f.createdTo !== undefined) q = q.where('orders.created_at', '<=', f.createdTo);
  if (f.paidFrom !== undefined) q = q.where('orders.payment_time', '>=', f.paidFrom);
  if (f.paidTo !== undefined) q = q.where('orders.payment_time', '<=', f.paidTo);
  return q;
}

export async function countOrders(db: Conn, f: OrderFilter): Promise<number> {
  const row = await orderQuery(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listOrders(db: Conn, f: OrderFilter, page: { offset: number; limit: number }, ascending: boolean): Promise<OrderRow[]> {
  const dir = ascending ? 'asc' : 'desc';
  const rows = await orderQuery(db, f).selectAll('orders').orderBy('orders.created_at', dir).orderBy('orders.id', dir).offset(page.offset).limit(page.limit).execute();
  return rows.map(toOrder);
}

/** The customer's partner and level (the customers table is the identity and customers modules'; read only). */
export async function findCustomerPartner(db: Conn, customerId: string): Promise<{ partnerId: string; level: string | null; associationType: number } | undefined> {
  const r = await db.selectFrom('customers').select(['partner_id', 'customer_level', 'association_type']).where('id', '=', customerId).executeTakeFirst();
  return r ? { partnerId: r.partner_id, level: r.customer_level, associationType: r.association_type } : undefined;
}
