import { sql } from 'kysely';
import type { Conn, LineUsage } from './bills.repo.ts';

/** SQL for the reads of free resource packages and measured usage (tables of migration 0009, written by the usage module). */

export async function findPackages(db: Conn, customerId: string) {
  return db.selectFrom('free_resource_packages').selectAll().where('customer_id', '=', customerId).orderBy('effective_time').orderBy('id').execute();
}

export async function findPackagesById(db: Conn, customerId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('free_resource_packages').selectAll().where('customer_id', '=', customerId).where('id', 'in', [...ids]).execute();
}

export interface DeductionFilter {
  customerId: string;
  from: string;
  to: string;
  packageId?: string;
  resourceTypeCode?: string;
}

function deductions(db: Conn, f: DeductionFilter) {
  let q = db
    .selectFrom('free_resource_usages as u')
    .innerJoin('free_resource_packages as p', 'p.id', 'u.package_id')
    .leftJoin('usage_rated_lines as l', 'l.id', 'u.rated_line_id')
    .where('u.customer_id', '=', f.customerId)
    .where('u.deduct_time', '>=', f.from)
    .where('u.deduct_time', '<', f.to);
  if (f.packageId !== undefined) q = q.where('u.package_id', '=', f.packageId);
  if (f.resourceTypeCode !== undefined) q = q.where('l.resource_type_code', '=', f.resourceTypeCode);
  return q;
}

export async function countDeductions(db: Conn, f: DeductionFilter): Promise<number> {
  const row = await deductions(db, f).select(sql<number | string>`count(*)`.as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listDeductions(db: Conn, f: DeductionFilter, page: { offset: number; limit: number }) {
  return deductions(db, f)
    .select([
      'u.id',
      'u.package_id',
      'u.resource_id',
      'u.usage_type',
      'u.amount',
      'u.deduct_time',
      'p.name as package_name',
      'p.measure_id',
      'p.amount as package_amount',
      'l.resource_type_code',
      'l.period_start',
      'l.period_end',
    ])
    .orderBy('u.deduct_time')
    .orderBy('u.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
}

/** Everything taken from these packages, in order: to tell what was left before and after each deduction. */
export async function findPackageDeductions(db: Conn, packageIds: readonly string[]) {
  if (packageIds.length === 0) return [];
  return db.selectFrom('free_resource_usages').select(['id', 'package_id', 'amount', 'deduct_time']).where('package_id', 'in', [...packageIds]).orderBy('deduct_time').orderBy('id').execute();
}

export interface PointFilter {
  customerId: string;
  cycle: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  usageType: string;
  resourceId?: string;
}

function points(db: Conn, f: PointFilter) {
  let q = db
    .selectFrom('usage_records')
    .where('customer_id', '=', f.customerId)
    .where('bill_cycle', '=', f.cycle)
    .where('service_type_code', '=', f.serviceTypeCode)
    .where('resource_type_code', '=', f.resourceTypeCode)
    .where('usage_type', '=', f.usageType)
    .where('status', 'in', [1, 2]);
  if (f.resourceId !== undefined) q = q.where('resource_id', '=', f.resourceId);
  return q;
}

/** 5-minute points of one resource, by time. */
export async function listPoints(db: Conn, f: PointFilter & { resourceId: string }, page: { offset: number; limit: number }) {
  return points(db, f).select(['begin_time', 'usage_value', 'usage_measure_id']).orderBy('begin_time').orderBy('id').offset(page.offset).limit(page.limit).execute();
}

/** Points per resource. */
export async function countPointsByResource(db: Conn, f: PointFilter) {
  const rows = await points(db, f).select(['resource_id', sql<number | string>`count(*)`.as('n')]).groupBy('resource_id').orderBy('resource_id').execute();
  return rows.map((r) => ({ resourceId: r.resource_id, points: Number(r.n) }));
}

/** The month's billed 95th-percentile line of each resource, once the month was closed. */
export async function findPercentileLines(db: Conn, customerId: string, cycle: string, usageType: string, resourceIds: readonly string[]) {
  if (resourceIds.length === 0) return new Map<string, { value: string; measureId: number }>();
  const rows = await db
    .selectFrom('usage_rated_lines')
    .select(['resource_id', 'usage_value', 'usage_measure_id'])
    .where('kind', '=', 'p95')
    .where('customer_id', '=', customerId)
    .where('bill_cycle', '=', cycle)
    .where('usage_type', '=', usageType)
    .where('resource_id', 'in', [...resourceIds])
    .execute();
  return new Map(rows.map((r) => [r.resource_id, { value: r.usage_value, measureId: r.usage_measure_id }]));
}

/**
 * The rated lines behind a page of on-demand records, by bill record id: one lookup by the lines'
 * primary key (a usage bill record's trade id is its line's id), kept only where the line names
 * the record back.
 */
export async function findLineUsages(db: Conn, records: ReadonlyArray<{ id: string; tradeId: string; chargeMode: number }>): Promise<Map<string, LineUsage>> {
  const lineIds = [...new Set(records.filter((r) => r.chargeMode === 3).map((r) => r.tradeId))];
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('usage_rated_lines')
    .select(['bill_record_id', 'usage_type', 'usage_measure_id', 'usage_value', 'free_usage'])
    .where('id', 'in', lineIds)
    .execute();
  return new Map(rows.map((l) => [l.bill_record_id, { usageType: l.usage_type, measureId: l.usage_measure_id, usage: l.usage_value, free: l.free_usage }]));
}
