import { CompiledQuery, sql, type Insertable, type InsertResult, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { BillRecordsTable, DB, FreeResourcePackagesTable, FreeResourceUsagesTable, UsageRatedLinesTable, UsageRecordsTable } from '../../platform/db/schema.ts';
import { isSqlite } from '../../platform/db/dialect.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import { BILL_TYPE_USAGE, PERIOD_HOUR, PERIOD_MONTH } from './usage-bill-rows.ts';
import { bulkInsert, chunks, rowsPerStatement, shapesOf, type PgType } from './bulk-insert.ts';
import { copyInto, copyText } from './pg-copy.ts';

/** SQL for the usage module's tables, and nothing else. */

export type Conn = Kysely<DB> | Transaction<DB>;
export type UsageRecordRow = Selectable<UsageRecordsTable>;
export type FreePackageRow = Selectable<FreeResourcePackagesTable>;

const onSqlite = (db: Conn): boolean => isSqlite(db as unknown as Kysely<unknown>);


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
const insertRecordsReturning = bulkInsert<UsageRecordInsert, { record_id: string }>('usage_records', RECORD_COLUMNS, {
  sqlite: (q) => q.onConflict((oc) => oc.columns(['source', 'record_id']).doNothing()).returning('record_id'),
  postgres: 'on conflict ("source", "record_id") do nothing returning "record_id"',
});
const insertRecordsQuietly = bulkInsert<UsageRecordInsert, InsertResult>('usage_records', RECORD_COLUMNS, {
  sqlite: (q) => q.onConflict((oc) => oc.columns(['source', 'record_id']).doNothing()),
  postgres: 'on conflict ("source", "record_id") do nothing',
});

/**
 * Inserts the records whose (source, record_id) is new (ON CONFLICT DO NOTHING); returns the
 * record ids inserted. Every row carries every column (null when empty). PostgreSQL: COPY, or
 * `returning` when some were stored before (insertNewRecordsPg). SQLite: without `returning` (it
 * cost 2 µs a record); ids are AUTOINCREMENT and this transaction writes alone, so the rows above
 * the largest id before are the ones inserted: when there are as many as were sent (the usual
 * case, no duplicates), all were inserted, else they are read back.
 */
export async function insertNewRecords(trx: Transaction<DB>, rows: readonly UsageRecordInsert[]): Promise<Set<string>> {
  if (!onSqlite(trx)) return insertNewRecordsPg(trx, rows);
  const last = Number((await sql<{ n: number | null }>`select max(id) as n from usage_records`.execute(trx)).rows[0]?.n ?? 0);
  await insertRecordsQuietly(trx, rows);
  const count = Number((await sql<{ n: number }>`select count(*) as n from usage_records where id > ${last}`.execute(trx)).rows[0]?.n ?? 0);
  const sent = new Set(rows.map((r) => r.record_id));
  if (count === sent.size) return sent;
  return new Set((await sql<{ record_id: string }>`select record_id from usage_records where id > ${last}`.execute(trx)).rows.map((r) => r.record_id));
}

const RECORD_NAMES = Object.keys(RECORD_COLUMNS) as Array<keyof UsageRecordInsert>;

/**
 * PostgreSQL: the usual chunk has no record stored before, and COPY writes it for about half the
 * server's CPU of `insert … on conflict do nothing` (a speculative insertion per row) from
 * arrays. COPY cannot skip conflicts: it runs in a savepoint, and a unique violation (a record
 * sent again, or being ingested by another transaction that has committed it meanwhile) rolls
 * back to it and inserts with `on conflict do nothing returning record_id` instead.
 */
async function insertNewRecordsPg(trx: Transaction<DB>, rows: readonly UsageRecordInsert[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  await sql`savepoint usage_records_copy`.execute(trx);
  try {
    const copied = await copyInto(trx, 'usage_records', RECORD_NAMES, copyText(rows, RECORD_NAMES));
    await sql`release savepoint usage_records_copy`.execute(trx);
    if (copied !== rows.length) throw new Error(`usage ingestion copied ${copied} of ${rows.length} records`);
    return new Set(rows.map((r) => r.record_id));
  } catch (e) {
    if ((e as { code?: unknown }).code !== UNIQUE_VIOLATION) throw e;
    await sql`rollback to savepoint usage_records_copy`.execute(trx);
    return new Set((await insertRecordsReturning(trx, rows)).map((r) => r.record_id));
  }
}
const UNIQUE_VIOLATION = '23505';

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
  if (!onSqlite(trx)) {
    // Read the queue's partial index in id order and stop at `limit`. Without statistics (a table
    // just filled by ingestion, before autovacuum has analysed it) the planner expects a few
    // unrated rows and takes a bitmap scan: every unrated row read and sorted (on disk: 42 MB at
    // 200,000 records) for each pass of 5,000. For this statement only.
    await sql`set local enable_bitmapscan = off`.execute(trx);
    const rows = await q.forUpdate().skipLocked().execute();
    await sql`set local enable_bitmapscan to default`.execute(trx);
    return rows;
  }
  return (await claimPackedSqlite(trx, before, limit)) ?? q.execute();
}

/** The columns a resource's records repeat hour after hour, in the order PACKED_RECORD joins them. */
const PACKED_COLUMNS = ['customer_id', 'partner_id', 'resource_id', 'service_type_code', 'resource_type_code', 'spec_code', 'region_code', 'resource_size', 'size_measure_id', 'usage_type'] as const;
type PackedFields = Pick<RatingRecordRow, (typeof PACKED_COLUMNS)[number]>;
// Nullable columns are told apart: partner_id is '0' when null, '1' + the id otherwise; an
// integer column is '' when null.
const PACKED_RECORD = sql<string>`customer_id || char(31) || (case when partner_id is null then '0' else '1' || partner_id end) || char(31) || resource_id || char(31) || service_type_code || char(31) || resource_type_code || char(31) || spec_code || char(31) || region_code || char(31) || coalesce(resource_size, '') || char(31) || coalesce(size_measure_id, '') || char(31) || usage_type`;

/**
 * The claim on SQLite, cheaper: the driver builds a row object property by property, which cost
 * more than the query. The columns a resource repeats are read as one text (`PACKED_RECORD`),
 * split once per distinct text, and the rows are built here. Null when a value holds the
 * separator (U+001F): the caller then reads the columns one by one.
 */
async function claimPackedSqlite(trx: Transaction<DB>, before: string, limit: number): Promise<RatingRecordRow[] | null> {
  const rows = await trx
    .selectFrom('usage_records')
    .select(['id', 'usage_value', 'usage_measure_id', 'hour_start', PACKED_RECORD.as('packed')])
    .where('status', '=', sql.lit(0))
    .where('hour_start', '<', before)
    .orderBy('id')
    .limit(limit)
    .execute();
  const known = new Map<string, PackedFields>();
  const out: RatingRecordRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    let f = known.get(r.packed);
    if (f === undefined) {
      const p = r.packed.split('\u001f');
      if (p.length !== PACKED_COLUMNS.length) return null;
      const int = (text: string): number | null => (text === '' ? null : Number(text));
      f = { customer_id: p[0]!, partner_id: p[1] === '0' ? null : p[1]!.slice(1), resource_id: p[2]!, service_type_code: p[3]!, resource_type_code: p[4]!, spec_code: p[5]!, region_code: p[6]!, resource_size: int(p[7]!), size_measure_id: int(p[8]!), usage_type: p[9]! };
      known.set(r.packed, f);
    }
    out[i] = {
      id: r.id,
      customer_id: f.customer_id,
      partner_id: f.partner_id,
      resource_id: f.resource_id,
      service_type_code: f.service_type_code,
      resource_type_code: f.resource_type_code,
      spec_code: f.spec_code,
      region_code: f.region_code,
      resource_size: f.resource_size,
      size_measure_id: f.size_measure_id,
      usage_type: f.usage_type,
      usage_value: r.usage_value,
      usage_measure_id: r.usage_measure_id,
      hour_start: r.hour_start,
    };
  }
  return out;
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

// SQLite: no casts in the values list (casting each value cost as much as the update itself);
// the ids compare as integers with the integer primary key.
const markRatedSqlite = new Map<number, string>();
const markRatedText = (count: number): string => {
  let text = markRatedSqlite.get(count);
  if (text === undefined) {
    const values = Array.from({ length: count }, () => '(?, ?)').join(', ');
    markRatedSqlite.set(count, (text = `update usage_records set status = 1, rated_line_id = v.column2 from (values ${values}) as v where usage_records.id = v.column1 and usage_records.status = ?`));
  }
  return text;
};
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
    const result = await trx.executeQuery(CompiledQuery.raw(markRatedText(n), parameters));
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

const LINE_NAMES = Object.keys(LINE_COLUMNS) as Array<keyof UsageRatedLinesTable>;
/** Rated lines; every row carries every column (null when empty). SQLite only: PostgreSQL copies them (pg-copy.ts). */
const insertRatedLines = bulkInsert<Insertable<UsageRatedLinesTable>>('usage_rated_lines', LINE_COLUMNS);

/**
 * Writes rated lines and the bill record of each (bill type 5). The bill records are derived from
 * the lines in the database (`insert … select`), so that their 39 columns are not sent again:
 * binding parameters was most of the cost of the insert. Which lines: on SQLite those whose rowid
 * is above the largest one before (one writer at a time, and rowids grow); on PostgreSQL the ids.
 * On PostgreSQL the lines themselves are copied (COPY: pg-copy.ts).
 * Throws when the counts differ, so that the caller's transaction rolls back.
 */
export async function insertRatedLinesAndBills(trx: Transaction<DB>, lines: readonly Insertable<UsageRatedLinesTable>[]): Promise<void> {
  if (lines.length === 0) return;
  let which;
  if (onSqlite(trx)) {
    const last = await sql<{ n: number | null }>`select max(rowid) as n from usage_rated_lines`.execute(trx);
    which = sql`l.rowid > ${Number(last.rows[0]?.n ?? 0)}`;
  } else {
    which = sql`l.id = any(${lines.map((l) => l.id)}::text[])`;
  }
  if (onSqlite(trx)) await insertRatedLines(trx, lines);
  else {
    const copied = await copyInto(trx, 'usage_rated_lines', LINE_NAMES, copyText(lines, LINE_NAMES));
    if (copied !== lines.length) throw new Error(`usage rating copied ${copied} of ${lines.length} lines`);
  }
  const result = await sql`
    insert into bill_records (id, customer_id, partner_id, bill_type, charge_mode, trade_id, order_id, line_item_id, resource_id, parent_resource_id,
      service_type_code, resource_type_code, region_code, spec_code, product_id, resource_size, size_measure_id, period_type, period_num, effective_time, expire_time,
      official_amount, discount_amount, erase_amount, consume_amount, cash_amount, credit_amount, coupon_amount, flexipurchase_coupon_amount, stored_card_amount, bonus_amount,
      debt_amount, writeoff_amount, discount_type, payment_status, trade_time, bill_cycle, bill_date, created_at)
    select l.bill_record_id, l.customer_id, l.partner_id, ${sql.lit(BILL_TYPE_USAGE)}, 3, l.id, '', null, l.resource_id, null,
      l.service_type_code, l.resource_type_code, l.region_code, l.spec_code, l.product_id, l.resource_size, l.size_measure_id,
      case when l.kind = 'p95' then ${sql.lit(PERIOD_MONTH)} else ${sql.lit(PERIOD_HOUR)} end, 1, l.period_start, l.period_end,
      l.official_amount, l.discount_amount, 0, l.consume_amount, l.cash_amount, l.credit_amount, 0, 0, 0, 0,
      l.debt_amount, 0, l.discount_type, case when l.debt_amount > 0 then 2 else 1 end, l.rated_at, l.bill_cycle, l.bill_date, l.rated_at
    from usage_rated_lines l where ${which}`.execute(trx);
  const bills = Number(result.numAffectedRows ?? 0n);
  if (bills !== lines.length) throw new Error(`usage rating wrote ${bills} bill records for ${lines.length} lines`);
}

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
