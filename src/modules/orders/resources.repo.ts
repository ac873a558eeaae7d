import type { Insertable, Selectable, Updateable, Transaction } from 'kysely';
import type { DB, SubscriptionPeriodsTable, SubscriptionPhase, SubscriptionResourcesTable } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import type { Conn } from './orders.repo.ts';

/** SQL for subscribed resources and their paid periods. */

export interface ResourceRow {
  id: string;
  customerId: string;
  orderId: string;
  lineItemId: string;
  parentId: string | null;
  isMain: boolean;
  serviceTypeCode: string;
  resourceTypeCode: string;
  specCode: string;
  regionCode: string;
  productId: string;
  resourceSize: number | null;
  sizeMeasureId: number | null;
  resourceName: string;
  projectId: string | null;
  phase: SubscriptionPhase;
  effectiveTime: string;
  expireTime: string;
  periodType: number;
  autoRenew: boolean;
  autoRenewTimes: number;
  autoRenewed: number;
  autoRenewPeriodType: number | null;
  toOnDemand: boolean;
  pendingOrderId: string | null;
  version: number;
  updatedAt: string;
  closedAt: string | null;
}

export interface PeriodRow {
  id: string;
  resourceId: string;
  orderId: string;
  lineItemId: string;
  startsAt: string;
  endsAt: string;
  official: Fen;
  amount: Fen;
  paidCash: Fen;
  paidCredit: Fen;
  paidCoupon: Fen;
  refundedCash: Fen;
  refundedCredit: Fen;
  refundedCoupon: Fen;
  refundOrderId: string | null;
}

function toResource(r: Selectable<SubscriptionResourcesTable>): ResourceRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    orderId: r.order_id,
    lineItemId: r.line_item_id,
    parentId: r.parent_id,
    isMain: r.is_main === 1,
    serviceTypeCode: r.service_type_code,
    resourceTypeCode: r.resource_type_code,
    specCode: r.spec_code,
    regionCode: r.region_code,
    productId: r.product_id,
    resourceSize: r.resource_size,
    sizeMeasureId: r.size_measure_id,
    resourceName: r.resource_name,
    projectId: r.project_id,
    phase: r.phase,
    effectiveTime: r.effective_time,
    expireTime: r.expire_time,
    periodType: r.period_type,
    autoRenew: r.auto_renew === 1,
    autoRenewTimes: r.auto_renew_times,
    autoRenewed: r.auto_renewed,
    autoRenewPeriodType: r.auto_renew_period_type,
    toOnDemand: r.to_on_demand === 1,
    pendingOrderId: r.pending_order_id,
    version: r.version,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}

function toPeriod(r: Selectable<SubscriptionPeriodsTable>): PeriodRow {
  return {
    id: r.id,
    resourceId: r.resource_id,
    orderId: r.order_id,
    lineItemId: r.line_item_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    official: toFen(r.official_amount),
    amount: toFen(r.amount),
    paidCash: toFen(r.paid_cash),
    paidCredit: toFen(r.paid_credit),
    paidCoupon: toFen(r.paid_coupon),
    refundedCash: toFen(r.refunded_cash),
    refundedCredit: toFen(r.refunded_credit),
    refundedCoupon: toFen(r.refunded_coupon),
    refundOrderId: r.refund_order_id,
  };
}

export async function insertResources(trx: Transaction<DB>, rows: Insertable<SubscriptionResourcesTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('subscription_resources').values(rows).execute();
}

export async function insertPeriods(trx: Transaction<DB>, rows: Insertable<SubscriptionPeriodsTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('subscription_periods').values(rows).execute();
}

export async function findResource(db: Conn, id: string): Promise<ResourceRow | undefined> {
  const r = await db.selectFrom('subscription_resources').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toResource(r) : undefined;
}

/** A customer's resources with these ids (another customer's ids are simply not found). */
export async function findResources(db: Conn, customerId: string, ids: readonly string[]): Promise<ResourceRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('subscription_resources').selectAll().where('customer_id', '=', customerId).where('id', 'in', [...ids]).execute();
  return rows.map(toResource);
}

export async function findChildren(db: Conn, parentIds: readonly string[]): Promise<ResourceRow[]> {
  if (parentIds.length === 0) return [];
  const rows = await db.selectFrom('subscription_resources').selectAll().where('parent_id', 'in', [...parentIds]).orderBy('created_at').orderBy('id').execute();
  return rows.map(toResource);
}

export async function findResourcesOfOrder(db: Conn, orderIds: readonly string[]): Promise<ResourceRow[]> {
  if (orderIds.length === 0) return [];
  const rows = await db.selectFrom('subscription_resources').selectAll().where('order_id', 'in', [...orderIds]).orderBy('created_at').orderBy('id').execute();
  return rows.map(toResource);
}

export async function findPeriods(db: Conn, resourceIds: readonly string[]): Promise<PeriodRow[]> {
  if (resourceIds.length === 0) return [];
  const rows = await db.selectFrom('subscription_periods').selectAll().where('resource_id', 'in', [...resourceIds]).orderBy('starts_at').orderBy('id').execute();
  return rows.map(toPeriod);
}

export type ResourcePatch = Partial<
  Pick<
    Updateable<SubscriptionResourcesTable>,
    | 'phase'
    | 'expire_time'
    | 'period_type'
    | 'auto_renew'
    | 'auto_renew_times'
    | 'auto_renewed'
    | 'auto_renew_period_type'
    | 'to_on_demand'
    | 'pending_order_id'
    | 'closed_at'
  >
>;

/**
 * Changes a resource if it is still at the version read: the guard that makes two operations on
 * one resource (a renewal and an unsubscribe, two job runs) take effect one after the other.
 */
export async function updateResource(trx: Transaction<DB>, r: Pick<ResourceRow, 'id' | 'version'>, patch: ResourcePatch, at: string): Promise<boolean> {
  const res = await trx
    .updateTable('subscription_resources')
    .set({ ...patch, version: r.version + 1, updated_at: at })
    .where('id', '=', r.id)
    .where('version', '=', r.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Records what a refund returned of a period; refused (false) when the period was refunded already. */
export async function markPeriodRefunded(trx: Transaction<DB>, id: string, back: { cash: Fen; credit: Fen; coupon: Fen }, refundOrderId: string): Promise<boolean> {
  const res = await trx
    .updateTable('subscription_periods')
    .set({ refunded_cash: back.cash, refunded_credit: back.credit, refunded_coupon: back.coupon, refund_order_id: refundOrderId })
    .where('id', '=', id)
    .where('refund_order_id', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Shortens a period that ends after `at` (the part after it was refunded). */
export async function truncatePeriod(trx: Transaction<DB>, id: string, endsAt: string): Promise<void> {
  await trx.updateTable('subscription_periods').set({ ends_at: endsAt }).where('id', '=', id).execute();
}

export interface ResourceFilter {
  customerId: string;
  ids?: readonly string[];
  orderId?: string;
  onlyMain?: boolean;
  phases?: readonly SubscriptionPhase[];
  expireFrom?: string;
  expireTo?: string;
  serviceTypeCode?: string;
  regionCode?: string;
  /** When the resource left its yearly/monthly term (a conversion to on-demand: its on-demand start). */
  closedFrom?: string;
  closedTo?: string;
}

function resourceQuery(db: Conn, f: ResourceFilter) {
  let q = db.selectFrom('subscription_resources').where('customer_id', '=', f.customerId);
  if (f.ids !== undefined) {
    const ids = [...f.ids];
    // Asked by id with children: the resources named and their children (a child id names only itself).
    q = f.onlyMain ? q.where('id', 'in', ids).where('is_main', '=', 1) : q.where((eb) => eb.or([eb('id', 'in', ids), eb('parent_id', 'in', ids)]));
  } else if (f.onlyMain) {
    q = q.where('is_main', '=', 1);
  }
  if (f.orderId !== undefined) q = q.where('order_id', '=', f.orderId);
  if (f.phases !== undefined) q = q.where('phase', 'in', f.phases.length ? [...f.phases] : ['\u0000' as SubscriptionPhase]);
  if (f.expireFrom !== undefined) q = q.where('expire_time', '>=', f.expireFrom);
  if (f.expireTo !== undefined) q = q.where('expire_time', '<=', f.expireTo);
  if (f.serviceTypeCode !== undefined) q = q.where('service_type_code', '=', f.serviceTypeCode);
  if (f.regionCode !== undefined) q = q.where('region_code', '=', f.regionCode);
  if (f.closedFrom !== undefined) q = q.where('closed_at', '>=', f.closedFrom);
  if (f.closedTo !== undefined) q = q.where('closed_at', '<=', f.closedTo);
  return q;
}

export async function countResources(db: Conn, f: ResourceFilter): Promise<number> {
  const row = await resourceQuery(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listResources(db: Conn, f: ResourceFilter, page: { offset: number; limit: number }): Promise<ResourceRow[]> {
  const rows = await resourceQuery(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute();
  return rows.map(toResource);
}
