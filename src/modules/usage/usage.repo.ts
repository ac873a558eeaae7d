import { CompiledQuery, sql, type Compilable, type Insertable, type InsertQueryBuilder, type InsertResult, type Kysely, type Selectable, type Transaction } from 'kysely';
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

/** Rows per statement of a multi-row insert: the largest power of two under the parameter budget. */
function rowsPerStatement(columns: number): number {
  let n = 1;
  while (n * 2 * columns <= 8000) n *= 2;
  return n;
}

/**
 * The row counts a multi-row write of `total` rows is split into: statements of `max` rows, then
 * the rest in powers of two (so that each table has a handful of statement shapes, each compiled
 * and prepared once, instead of one per row count).
 */
function shapesOf(total: number, max: number): number[] {
  const out: number[] = [];
  let left = total;
  for (; left >= max; left -= max) out.push(max);
  for (let p = max >> 1; p >= 1; p >>= 1) {
    if (left >= p) {
      out.push(p);
      left -= p;
    }
  }
  return out;
}

/** Column types of the rows a bulk write sends (PostgreSQL array parameters). */
type PgType = 'text' | 'int4' | 'int8';

/**
 * A multi-row insert into `table`. SQLite: statements of up to `rowsPerStatement` rows, built by
 * Kysely once per row count (a handful of shapes: see shapesOf), prepared once, and run with the
 * rows' values laid out row after row. PostgreSQL: one statement whatever the number of rows, one
 * array parameter per column (`select * from unnest(...)`), so that the server parses one
 * statement of a few parameters instead of thousands. Every row carries every column (null when
 * empty). `suffix` follows the statement (`on conflict ...`).
 */
function bulkInsert<R extends object, O = never>(
  table: keyof DB & string,
  columns: Readonly<Record<keyof R & string, PgType>>,
  suffix?: { sqlite: (q: InsertQueryBuilder<DB, keyof DB & string, InsertResult>) => Compilable<O>; postgres: string },
): (trx: Transaction<DB>, rows: readonly R[]) => Promise<O[]> {
  const names = Object.keys(columns) as Array<keyof R & string>;
  const max = rowsPerStatement(names.length);
  const sqliteTexts = new Map<number, string>();
  const sqliteText = (db: Conn, count: number): string => {
    let text = sqliteTexts.get(count);
    if (text === undefined) {
      const empty = Object.fromEntries(names.map((n) => [n, null]));
      const q = db.insertInto(table).values(Array.from({ length: count }, () => empty) as never);
      sqliteTexts.set(count, (text = (suffix ? suffix.sqlite(q) : q).compile().sql));
    }
    return text;
  };
  const pgText =
    `insert into "${table}" (${names.map((n) => `"${n}"`).join(', ')}) select * from unnest(${names.map((n, i) => `$${i + 1}::${columns[n]}[]`).join(', ')})` +
    (suffix ? ` ${suffix.postgres}` : '');
  return async (trx, rows) => {
    if (rows.length === 0) return [];
    if (!onSqlite(trx)) {
      const parameters = names.map((n) => rows.map((r) => (r as Record<string, unknown>)[n] ?? null));
      return (await trx.executeQuery<O>(CompiledQuery.raw(pgText, parameters))).rows;
    }
    const out: O[] = [];
    let offset = 0;
    for (const n of shapesOf(rows.length, max)) {
      const parameters: unknown[] = new Array(n * names.length);
      let k = 0;
      for (let i = offset; i < offset + n; i++) {
        const row = rows[i] as Record<string, unknown>;
        for (const name of names) parameters[k++] = row[name] ?? null;
      }
      const { rows: got } = await trx.executeQuery<O>(CompiledQuery.raw(sqliteText(trx, n), parameters));
      for (const r of got) out.push(r);
      offset += n;
    }
    return out;
  };
}

/**
 * A statement whose SQL text depends only on a count (a `values` list), built with Kysely once per
 * dialect and count and then run with fresh parameters.
 */
function rawByShape(build: (count: number) => ReturnType<typeof sql>): (db: Conn, count: number, parameters: readonly unknown[]) => Promise<{ numAffectedRows?: bigint }> {
  const texts = new Map<unknown, Map<number, string>>();
  return async (db, count, parameters) => {
    const dialect = db.getExecutor().adapter.constructor;
    let byCount = texts.get(dialect);
    if (!byCount) texts.set(dialect, (byCount = new Map()));
    let text = byCount.get(count);
    if (text === undefined) byCount.set(count, (text = build(count).compile(db).sql));
    return db.executeQuery(CompiledQuery.raw(text, [...parameters]));
  };
}

export async function findCustomerPartners(db: Conn, customerIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...new Set(customerIds)], 1)) {
    const rows = await db.selectFrom('customers').select(['id', 'partner_id']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r.partner_id);
  }
  return out;
}

export type UsageRecordInsert = Omit<Insertable<UsageRecordsTable>, 'id'>;
const RECORD_COLUMNS = {
  source: 'text', record_id: 'text', content_hash: 'text', customer_id: 'text', partner_id: 'text', resource_id: 'text', service_type_code: 'text', resource_type_code: 'text',
  spec_code: 'text', region_code: 'text', resource_size: 'int4', size_measure_id: 'int4', usage_type: 'text', usage_value: 'text', usage_measure_id: 'int4', begin_time: 'text',
  end_time: 'text', hour_start: 'text', bill_cycle: 'text', ingested_at: 'text', status: 'int4', rated_line_id: 'text', rating_error: 'text',
} as const satisfies Record<keyof UsageRecordInsert, PgType>;
const insertRecordsQuery = bulkInsert<UsageRecordInsert, { record_id: string }>('usage_records', RECORD_COLUMNS, {
  sqlite: (q) => q.onConflict((oc) => oc.columns(['source', 'record_id']).doNothing()).returning('record_id'),
  postgres: 'on conflict ("source", "record_id") do nothing returning "record_id"',
});

/**
 * Inserts the records whose (source, record_id) is new (ON CONFLICT DO NOTHING); returns the
 * record ids inserted. Every row carries every column (null when empty).
 */
export async function insertNewRecords(trx: Transaction<DB>, rows: readonly UsageRecordInsert[]): Promise<Set<string>> {
  return new Set((await insertRecordsQuery(trx, rows)).map((r) => r.record_id));
}

export async function findContentHashes(db: Conn, source: string, recordIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(recordIds, 1)) {
    const rows = await db.selectFrom('usage_records').select(['record_id', 'content_hash']).where('source', '=', source).where('record_id', 'in', part).execute();
    for (const r of rows) out.set(r.record_id, r.content_hash);
  }
  return out;
}

/** The columns hourly rating reads of a record. */
const RATING_COLUMNS = [
  'id', 'customer_id', 'partner_id', 'resource_id', 'service_type_code', 'resource_type_code', 'spec_code', 'region_code', 'resource_size', 'size_measure_id', 'usage_type', 'usage_value', 'usage_measure_id', 'hour_start',
] as const satisfies ReadonlyArray<keyof UsageRecordRow>;
export type RatingRecordRow = Pick<UsageRecordRow, (typeof RATING_COLUMNS)[number]>;

/**
 * Claims up to `limit` unrated records of hours that have ended, oldest first. On PostgreSQL the
 * rows are locked and rows another worker holds are skipped; on SQLite the transaction runs alone.
 * The status is a literal, not a parameter: PostgreSQL's generic plan of a prepared statement
 * cannot use the queue's partial index (`where status = 0`) for a bound parameter.
 */
export async function claimNewRecords(trx: Transaction<DB>, before: string, limit: number): Promise<RatingRecordRow[]> {
  const q = trx.selectFrom('usage_records').select(RATING_COLUMNS).where('status', '=', sql.lit(0)).where('hour_start', '<', before).orderBy('id').limit(limit);
  return onSqlite(trx) ? q.execute() : q.forUpdate().skipLocked().execute();
}

/** Held 95th-percentile points of a cycle (for the month's close), locked like claims. */
export async function claimHeldRecords(trx: Transaction<DB>, cycle: string, limit: number): Promise<UsageRecordRow[]> {
  const q = trx.selectFrom('usage_records').selectAll().where('status', '=', sql.lit(2)).where('bill_cycle', '=', cycle).orderBy('customer_id').orderBy('resource_id').orderBy('usage_type').orderBy('id').limit(limit);
  return onSqlite(trx) ? q.execute() : q.forUpdate().skipLocked().execute();
}

export async function countUnrated(db: Conn, cycle?: string): Promise<number> {
  let q = db.selectFrom('usage_records').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', [0, 2]);
  if (cycle) q = q.where('bill_cycle', '=', cycle);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const markRatedQuery = rawByShape(
  (count) =>
    sql`update usage_records set status = 1, rated_line_id = v.column2 from (values ${sql.join(
      Array.from({ length: count }, () => sql`(cast(${0} as bigint), cast(${''} as varchar(64)))`),
    )}) as v where usage_records.id = v.column1 and usage_records.status = ${0}`,
);
const MARK_RATED_PG = 'update usage_records set status = 1, rated_line_id = v.line from unnest($1::int8[], $2::text[]) as v(id, line) where usage_records.id = v.id and usage_records.status = $3';

/**
 * Marks records rated by their lines, only while still unrated: a count short of the input means
 * another worker rated some of them, and the caller's transaction must roll back.
 */
export async function markRated(trx: Transaction<DB>, from: 0 | 2, pairs: ReadonlyArray<readonly [id: number, lineId: string]>): Promise<number> {
  if (pairs.length === 0) return 0;
  if (!onSqlite(trx)) {
    const result = await trx.executeQuery(CompiledQuery.raw(MARK_RATED_PG, [pairs.map((p) => p[0]), pairs.map((p) => p[1]), from]));
    return Number(result.numAffectedRows ?? 0n);
  }
  let updated = 0;
  let offset = 0;
  for (const n of shapesOf(pairs.length, rowsPerStatement(2))) {
    const parameters: unknown[] = new Array(n * 2 + 1);
    for (let i = 0; i < n; i++) {
      const [id, line] = pairs[offset + i]!;
      parameters[2 * i] = id;
      parameters[2 * i + 1] = line;
    }
    parameters[2 * n] = from;
    const result = await markRatedQuery(trx, n, parameters);
    updated += Number(result.numAffectedRows ?? 0n);
    offset += n;
  }
  return updated;
}

export async function markUnrateable(trx: Transaction<DB>, ids: readonly number[], reason: string): Promise<void> {
  for (const part of chunks(ids, 1)) {
    await trx.updateTable('usage_records').set({ status: 3, rating_error: reason.slice(0, 256) }).where('id', 'in', part).where('status', 'in', [0, 2]).execute();
  }
}

const LINE_COLUMNS = {
  id: 'text', first_record_id: 'int8', kind: 'text', customer_id: 'text', partner_id: 'text', resource_id: 'text', service_type_code: 'text', resource_type_code: 'text', spec_code: 'text',
  region_code: 'text', product_id: 'text', resource_size: 'int4', size_measure_id: 'int4', usage_type: 'text', usage_measure_id: 'int4', usage_value: 'text', free_usage: 'text',
  record_count: 'int4', period_start: 'text', period_end: 'text', bill_cycle: 'text', bill_date: 'text', official_e8: 'int8', discount_e8: 'int8', consume_e8: 'int8',
  official_amount: 'int8', discount_amount: 'int8', consume_amount: 'int8', cash_amount: 'int8', credit_amount: 'int8', debt_amount: 'int8', discount_id: 'text', discount_type: 'int4',
  bill_record_id: 'text', ledger_entry_id: 'int8', rated_at: 'text',
} as const satisfies Record<keyof UsageRatedLinesTable, PgType>;
const BILL_COLUMNS = {
  id: 'text', customer_id: 'text', partner_id: 'text', bill_type: 'int4', charge_mode: 'int4', trade_id: 'text', order_id: 'text', line_item_id: 'text', resource_id: 'text',
  parent_resource_id: 'text', service_type_code: 'text', resource_type_code: 'text', region_code: 'text', spec_code: 'text', product_id: 'text', resource_size: 'int4',
  size_measure_id: 'int4', period_type: 'int4', period_num: 'int4', effective_time: 'text', expire_time: 'text', official_amount: 'int8', discount_amount: 'int8', erase_amount: 'int8',
  consume_amount: 'int8', cash_amount: 'int8', credit_amount: 'int8', coupon_amount: 'int8', flexipurchase_coupon_amount: 'int8', stored_card_amount: 'int8', bonus_amount: 'int8',
  debt_amount: 'int8', writeoff_amount: 'int8', discount_type: 'int4', payment_status: 'int4', trade_time: 'text', bill_cycle: 'text', bill_date: 'text', created_at: 'text',
} as const satisfies Record<keyof BillRecordsTable, PgType>;
const FREE_USAGE_COLUMNS = {
  id: 'text', package_id: 'text', customer_id: 'text', rated_line_id: 'text', resource_id: 'text', usage_type: 'text', amount: 'text', deduct_time: 'text',
} as const satisfies Record<keyof FreeResourceUsagesTable, PgType>;

/** Rated lines; every row carries every column (null when empty). */
export const insertRatedLines: (trx: Transaction<DB>, rows: readonly Insertable<UsageRatedLinesTable>[]) => Promise<unknown> = bulkInsert<Insertable<UsageRatedLinesTable>>('usage_rated_lines', LINE_COLUMNS);
/** Bill records; every row carries every column (null when empty). */
export const insertBillRecords: (trx: Transaction<DB>, rows: readonly Insertable<BillRecordsTable>[]) => Promise<unknown> = bulkInsert<Insertable<BillRecordsTable>>('bill_records', BILL_COLUMNS);

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

export const insertFreeUsages: (trx: Transaction<DB>, rows: readonly Insertable<FreeResourceUsagesTable>[]) => Promise<unknown> = bulkInsert<Insertable<FreeResourceUsagesTable>>('free_resource_usages', FREE_USAGE_COLUMNS);

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
