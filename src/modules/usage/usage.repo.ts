import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { BillRecordsTable, DB, FreeResourcePackagesTable, FreeResourceUsagesTable, UsageRatedLinesTable, UsageRecordsTable } from '../../platform/db/schema.ts';
import { isSqlite } from '../../platform/db/dialect.ts';
import { toFen, type Fen } from '../../platform/money.ts';

/** SQL for the usage module's tables, and nothing else. */

export type Conn = Kysely<DB> | Transaction<DB>;
export type UsageRecordRow = Selectable<UsageRecordsTable>;
export type FreePackageRow = Selectable<FreeResourcePackagesTable>;

const onSqlite = (db: Conn): boolean => isSqlite(db as unknown as Kysely<unknown>);

/** Multi-row statements stay under both dialects' parameter limits. */
function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(8000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function findCustomerPartners(db: Conn, customerIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(customerIds)], 1)) {
    const rows = await db.selectFrom('customers').select(['id', 'partner_id']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r.partner_id);
  }
  return out;
}

/** Inserts the records whose (source, record_id) is new; returns the record ids inserted. */
export async function insertNewRecords(trx: Transaction<DB>, rows: Insertable<UsageRecordsTable>[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const part of chunks(rows, 24)) {
    const got = await trx
      .insertInto('usage_records')
      .values(part)
      .onConflict((oc) => oc.columns(['source', 'record_id']).doNothing())
      .returning('record_id')
      .execute();
    for (const r of got) inserted.add(r.record_id);
  }
  return inserted;
}

export async function findContentHashes(db: Conn, source: string, recordIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(recordIds, 1)) {
    const rows = await db.selectFrom('usage_records').select(['record_id', 'content_hash']).where('source', '=', source).where('record_id', 'in', part).execute();
    for (const r of rows) out.set(r.record_id, r.content_hash);
  }
  return out;
}

/**
 * Claims up to `limit` unrated records of hours that have ended, oldest first. On PostgreSQL the
 * rows are locked and rows another worker holds are skipped; on SQLite the transaction runs alone.
 */
export async function claimNewRecords(trx: Transaction<DB>, before: string, limit: number): Promise<UsageRecordRow[]> {
  const q = trx.selectFrom('usage_records').selectAll().where('status', '=', 0).where('hour_start', '<', before).orderBy('id').limit(limit);
  return onSqlite(trx) ? q.execute() : q.forUpdate().skipLocked().execute();
}

/** Held 95th-percentile points of a cycle (for the month's close), locked like claims. */
export async function claimHeldRecords(trx: Transaction<DB>, cycle: string, limit: number): Promise<UsageRecordRow[]> {
  const q = trx.selectFrom('usage_records').selectAll().where('status', '=', 2).where('bill_cycle', '=', cycle).orderBy('customer_id').orderBy('resource_id').orderBy('usage_type').orderBy('id').limit(limit);
  return onSqlite(trx) ? q.execute() : q.forUpdate().skipLocked().execute();
}

export async function countUnrated(db: Conn, cycle?: string): Promise<number> {
  let q = db.selectFrom('usage_records').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', [0, 2]);
  if (cycle) q = q.where('bill_cycle', '=', cycle);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * Marks records rated by their lines, only while still unrated: a count short of the input means
 * another worker rated some of them, and the caller's transaction must roll back.
 */
export async function markRated(trx: Transaction<DB>, from: 0 | 2, pairs: ReadonlyArray<readonly [id: number, lineId: string]>): Promise<number> {
  let updated = 0;
  for (const part of chunks(pairs, 2)) {
    const values = sql.join(part.map(([id, line]) => sql`(cast(${id} as bigint), cast(${line} as varchar(64)))`));
    const result = await sql`update usage_records set status = 1, rated_line_id = v.column2 from (values ${values}) as v where usage_records.id = v.column1 and usage_records.status = ${from}`.execute(trx);
    updated += Number(result.numAffectedRows ?? 0n);
  }
  return updated;
}

export async function markUnrateable(trx: Transaction<DB>, ids: readonly number[], reason: string): Promise<void> {
  for (const part of chunks(ids, 1)) {
    await trx.updateTable('usage_records').set({ status: 3, rating_error: reason.slice(0, 256) }).where('id', 'in', part).where('status', 'in', [0, 2]).execute();
  }
}

export async function insertRatedLines(trx: Transaction<DB>, rows: Insertable<UsageRatedLinesTable>[]): Promise<void> {
  for (const part of chunks(rows, 38)) await trx.insertInto('usage_rated_lines').values(part).execute();
}

export async function insertBillRecords(trx: Transaction<DB>, rows: Insertable<BillRecordsTable>[]): Promise<void> {
  for (const part of chunks(rows, 40)) await trx.insertInto('bill_records').values(part).execute();
}

export interface CycleSumDelta {
  customerId: string;
  cycle: string;
  partnerId: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  regionCode: string;
  official: Fen;
  discount: Fen;
  consume: Fen;
  cash: Fen;
  credit: Fen;
  debt: Fen;
  consumeE8: bigint;
  count: number;
}

export async function addCycleSums(trx: Transaction<DB>, deltas: readonly CycleSumDelta[], at: string): Promise<void> {
  for (const d of deltas) {
    await trx
      .insertInto('usage_cycle_sums')
      .values({
        customer_id: d.customerId,
        bill_cycle: d.cycle,
        partner_id: d.partnerId,
        service_type_code: d.serviceTypeCode,
        resource_type_code: d.resourceTypeCode,
        region_code: d.regionCode,
        official_amount: d.official,
        discount_amount: d.discount,
        consume_amount: d.consume,
        cash_amount: d.cash,
        credit_amount: d.credit,
        debt_amount: d.debt,
        consume_e8: d.consumeE8,
        record_count: d.count,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['customer_id', 'bill_cycle', 'partner_id', 'service_type_code', 'resource_type_code', 'region_code']).doUpdateSet({
          official_amount: sql`usage_cycle_sums.official_amount + excluded.official_amount`,
          discount_amount: sql`usage_cycle_sums.discount_amount + excluded.discount_amount`,
          consume_amount: sql`usage_cycle_sums.consume_amount + excluded.consume_amount`,
          cash_amount: sql`usage_cycle_sums.cash_amount + excluded.cash_amount`,
          credit_amount: sql`usage_cycle_sums.credit_amount + excluded.credit_amount`,
          debt_amount: sql`usage_cycle_sums.debt_amount + excluded.debt_amount`,
          consume_e8: sql`usage_cycle_sums.consume_e8 + excluded.consume_e8`,
          record_count: sql`usage_cycle_sums.record_count + excluded.record_count`,
          updated_at: at,
        }),
      )
      .execute();
  }
}

export interface CustomerCycleTotal {
  customerId: string;
  partnerId: string;
  serviceTypeCode: string;
  resourceTypeCode: string;
  regionCode: string;
  consume: Fen;
  consumeE8: bigint;
}

/** Per customer of a cycle: the exact and the charged consumption, and its first product family. */
export async function cycleTotals(db: Conn, cycle: string): Promise<CustomerCycleTotal[]> {
  const rows = await db
    .selectFrom('usage_cycle_sums')
    .select(['customer_id', 'partner_id', 'service_type_code', 'resource_type_code', 'region_code', 'consume_amount', 'consume_e8'])
    .where('bill_cycle', '=', cycle)
    .orderBy('customer_id')
    .orderBy('partner_id')
    .orderBy('service_type_code')
    .orderBy('resource_type_code')
    .orderBy('region_code')
    .execute();
  const out = new Map<string, CustomerCycleTotal>();
  for (const r of rows) {
    const t = out.get(r.customer_id);
    if (t) {
      t.consume += toFen(r.consume_amount);
      t.consumeE8 += BigInt(r.consume_e8);
    } else {
      out.set(r.customer_id, {
        customerId: r.customer_id,
        partnerId: r.partner_id,
        serviceTypeCode: r.service_type_code,
        resourceTypeCode: r.resource_type_code,
        regionCode: r.region_code,
        consume: toFen(r.consume_amount),
        consumeE8: BigInt(r.consume_e8),
      });
    }
  }
  return [...out.values()];
}

// --- free resource packages ---

export async function findUsablePackages(trx: Transaction<DB>, customerIds: readonly string[], from: string, to: string): Promise<FreePackageRow[]> {
  if (customerIds.length === 0) return [];
  return trx
    .selectFrom('free_resource_packages')
    .selectAll()
    .where('customer_id', 'in', [...new Set(customerIds)])
    .where('status', 'in', [0, 1])
    .where('effective_time', '<', to)
    .where('expire_time', '>', from)
    .orderBy('expire_time')
    .orderBy('id')
    .execute();
}

export async function updatePackageUse(trx: Transaction<DB>, p: { id: string; used: string; status: number; version: number; at: string }): Promise<boolean> {
  const r = await trx
    .updateTable('free_resource_packages')
    .set({ used: p.used, status: p.status, version: p.version + 1, updated_at: p.at })
    .where('id', '=', p.id)
    .where('version', '=', p.version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertFreeUsages(trx: Transaction<DB>, rows: Insertable<FreeResourceUsagesTable>[]): Promise<void> {
  for (const part of chunks(rows, 8)) await trx.insertInto('free_resource_usages').values(part).execute();
}

export async function insertPackage(trx: Transaction<DB>, row: Insertable<FreeResourcePackagesTable>): Promise<void> {
  await trx.insertInto('free_resource_packages').values(row).execute();
}

// --- arrears ---

export async function findArrears(db: Conn, customerIds: readonly string[]): Promise<Map<string, { debt: Fen; since: string | null; frozenAt: string | null }>> {
  const out = new Map<string, { debt: Fen; since: string | null; frozenAt: string | null }>();
  if (customerIds.length === 0) return out;
  for (const part of chunks([...new Set(customerIds)], 1)) {
    const rows = await db.selectFrom('customer_arrears').selectAll().where('customer_id', 'in', part).execute();
    for (const r of rows) out.set(r.customer_id, { debt: toFen(r.debt_amount), since: r.since, frozenAt: r.frozen_at });
  }
  return out;
}

/** Adds debt (> 0) to a customer's arrears; the grace period starts when it was zero. */
export async function addDebt(trx: Transaction<DB>, customerId: string, debt: Fen, at: string): Promise<void> {
  await trx
    .insertInto('customer_arrears')
    .values({ customer_id: customerId, debt_amount: debt, since: at, frozen_at: null, updated_at: at })
    .onConflict((oc) =>
      oc.column('customer_id').doUpdateSet({
        debt_amount: sql`customer_arrears.debt_amount + excluded.debt_amount`,
        since: sql`case when customer_arrears.debt_amount = 0 then excluded.since else customer_arrears.since end`,
        updated_at: at,
      }),
    )
    .execute();
}

/** Takes a repayment off the arrears; when nothing is owed any more, the customer's resources thaw. */
export async function repayDebt(trx: Transaction<DB>, customerId: string, amount: Fen, at: string): Promise<Fen> {
  const row = await trx
    .updateTable('customer_arrears')
    .set({ debt_amount: sql`debt_amount - ${amount}`, updated_at: at })
    .where('customer_id', '=', customerId)
    .where('debt_amount', '>=', amount)
    .returning('debt_amount')
    .executeTakeFirst();
  if (!row) throw new Error(`arrears of ${customerId} changed while being repaid`);
  const left = toFen(row.debt_amount);
  if (left === 0n) {
    await trx.updateTable('customer_arrears').set({ since: null, frozen_at: null }).where('customer_id', '=', customerId).execute();
    await trx.deleteFrom('usage_frozen_resources').where('customer_id', '=', customerId).execute();
  }
  return left;
}

export async function customersInArrears(db: Conn, limit: number, after: string): Promise<Array<{ customerId: string; debt: Fen; since: string | null; frozenAt: string | null }>> {
  const rows = await db.selectFrom('customer_arrears').selectAll().where('debt_amount', '>', 0).where('customer_id', '>', after).orderBy('customer_id').limit(limit).execute();
  return rows.map((r) => ({ customerId: r.customer_id, debt: toFen(r.debt_amount), since: r.since, frozenAt: r.frozen_at }));
}

/** Freezes every on-demand resource the customer has had usage of in the last two cycles. */
export async function freezeResources(trx: Transaction<DB>, customerId: string, cycles: readonly string[], at: string): Promise<number> {
  const resources = await trx
    .selectFrom('usage_rated_lines')
    .select('resource_id')
    .distinct()
    .where('customer_id', '=', customerId)
    .where('bill_cycle', 'in', [...cycles])
    .execute();
  for (const part of chunks(resources, 3)) {
    await trx
      .insertInto('usage_frozen_resources')
      .values(part.map((r) => ({ resource_id: r.resource_id, customer_id: customerId, frozen_at: at })))
      .onConflict((oc) => oc.column('resource_id').doNothing())
      .execute();
  }
  await trx.updateTable('customer_arrears').set({ frozen_at: at, updated_at: at }).where('customer_id', '=', customerId).execute();
  return resources.length;
}

export async function frozenResourcesOf(db: Conn, customerId: string): Promise<string[]> {
  const rows = await db.selectFrom('usage_frozen_resources').select('resource_id').where('customer_id', '=', customerId).orderBy('resource_id').execute();
  return rows.map((r) => r.resource_id);
}
