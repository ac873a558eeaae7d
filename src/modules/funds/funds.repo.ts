import { appendLater, insertsOf } from '../../platform/db/write-behind.ts';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import { reusableQuery, slotRows } from '../../platform/db/reusable-query.ts';

/** SQL for the funds module's tables: income/expense records, top-ups and credit lines. */
export type Conn = Kysely<DB> | Transaction<DB>;

export interface RecordRow {
  entryId: number;
  ownerId: string;
  balanceType: number;
  direction: 1 | 2;
  tradeType: string;
  tradeDetailType: string;
  tradeId: string;
  amount: Fen;
  balanceAfter: Fen;
  counterpartyId: string | null;
  counterpartyName: string | null;
  at: string;
}

interface RecordInsert {
  entry_id: number;
  owner_id: string;
  balance_type: number;
  direction: 1 | 2;
  trade_type: string;
  trade_detail_type: string;
  trade_id: string;
  amount: Fen;
  balance_after: Fen;
  counterparty_id: string | null;
  counterparty_name: string | null;
  created_at: string;
}

const RECORD_COLUMNS = [
  'entry_id',
  'owner_id',
  'balance_type',
  'direction',
  'trade_type',
  'trade_detail_type',
  'trade_id',
  'amount',
  'balance_after',
  'counterparty_id',
  'counterparty_name',
  'created_at',
] as const;

// Every movement writes its records: compiled once per row count (reusableQuery).
const insertRecordsQuery = reusableQuery((db, _p: { rows: RecordInsert[] }, count: number) =>
  db.insertInto('funds_records').values(slotRows<RecordInsert>(count, RECORD_COLUMNS)),
);

/** Appends income/expense records; inside a group commit they are written with the group's, before its commit. */
export async function insertRecords(trx: Transaction<DB>, rows: readonly RecordRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values: RecordInsert[] = rows.map((r) => ({
    entry_id: r.entryId,
    owner_id: r.ownerId,
    balance_type: r.balanceType,
    direction: r.direction,
    trade_type: r.tradeType,
    trade_detail_type: r.tradeDetailType,
    trade_id: r.tradeId,
    amount: r.amount,
    balance_after: r.balanceAfter,
    counterparty_id: r.counterpartyId,
    counterparty_name: r.counterpartyName,
    created_at: r.at,
  }));
  await appendLater(trx, writeRecords, values);
}

const writeRecords = insertsOf(insertRecordsQuery, 'funds_records', [
  ['entry_id', 'bigint'],
  ['owner_id', 'varchar'],
  ['balance_type', 'integer'],
  ['direction', 'integer'],
  ['trade_type', 'varchar'],
  ['trade_detail_type', 'varchar'],
  ['trade_id', 'varchar'],
  ['amount', 'bigint'],
  ['balance_after', 'bigint'],
  ['counterparty_id', 'varchar'],
  ['counterparty_name', 'varchar'],
  ['created_at', 'varchar'],
]);

export interface RecordFilter {
  ownerId: string;
  balanceType?: number;
  tradeTypes?: readonly string[];
  direction?: 1 | 2;
  tradeId?: string;
  counterpartyId?: string;
  /** Only records that name a counterparty (the adjust records of the funding side). */
  withCounterparty?: boolean;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

function recordsQuery(db: Conn, f: RecordFilter) {
  let q = db.selectFrom('funds_records').where('owner_id', '=', f.ownerId);
  if (f.balanceType !== undefined) q = q.where('balance_type', '=', f.balanceType);
  if (f.tradeTypes) q = q.where('trade_type', 'in', f.tradeTypes.length ? [...f.tradeTypes] : ['\u0000']);
  if (f.direction !== undefined) q = q.where('direction', '=', f.direction);
  if (f.tradeId !== undefined) q = q.where('trade_id', '=', f.tradeId);
  if (f.counterpartyId !== undefined) q = q.where('counterparty_id', '=', f.counterpartyId);
  if (f.withCounterparty) q = q.where('counterparty_id', 'is not', null);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  return q;
}

export async function countRecords(db: Conn, f: RecordFilter): Promise<number> {
  const row = await recordsQuery(db, f).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first. */
export async function listRecords(db: Conn, f: RecordFilter, page: { offset: number; limit: number }) {
  const rows = await recordsQuery(db, f)
    .select(['id', 'direction', 'trade_type', 'trade_detail_type', 'trade_id', 'amount', 'balance_after', 'counterparty_id', 'counterparty_name', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), amount: toFen(r.amount), balance_after: toFen(r.balance_after) }));
}

export interface TopUpRow {
  id: string;
  partnerId: string;
  amount: Fen;
  designated: Fen;
  entryId: number;
  memo: string | null;
  createdBy: string;
  at: string;
}

export async function insertTopUp(trx: Transaction<DB>, r: TopUpRow): Promise<void> {
  await trx
    .insertInto('funds_top_ups')
    .values({ id: r.id, partner_id: r.partnerId, amount: r.amount, designated: r.designated, entry_id: r.entryId, memo: r.memo, created_by: r.createdBy, created_at: r.at })
    .execute();
}

export async function listTopUpRows(db: Conn, partnerId: string, page: { offset: number; limit: number }) {
  const rows = await db
    .selectFrom('funds_top_ups')
    .select(['id', 'partner_id', 'amount', 'designated', 'memo', 'created_at'])
    .where('partner_id', '=', partnerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r, amount: toFen(r.amount), designated: toFen(r.designated) }));
}

export async function insertCreditLine(trx: Transaction<DB>, r: Omit<TopUpRow, 'designated'>): Promise<void> {
  await trx
    .insertInto('funds_credit_lines')
    .values({ id: r.id, partner_id: r.partnerId, amount: r.amount, entry_id: r.entryId, memo: r.memo, created_by: r.createdBy, created_at: r.at })
    .execute();
}

export async function listCreditLineRows(db: Conn, partnerId: string, page: { offset: number; limit: number }) {
  const rows = await db
    .selectFrom('funds_credit_lines')
    .select(['id', 'partner_id', 'amount', 'memo', 'created_at'])
    .where('partner_id', '=', partnerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r, amount: toFen(r.amount) }));
}

/** The total credit line granted to a partner (credit_amount of its credit account). */
export async function sumCreditLines(db: Conn, partnerId: string): Promise<Fen> {
  const row = await db
    .selectFrom('funds_credit_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('amount'), eb.lit(0)).as('total'))
    .where('partner_id', '=', partnerId)
    .executeTakeFirstOrThrow();
  return toFen(row.total);
}

/**
 * Which of the given customers are the partner's resale (代售) customers. Reads the customers table
 * (identity's) in one query: a balance batch asks about up to 100 at once.
 */
export async function filterResaleCustomers(db: Conn, partnerId: string, customerIds: readonly string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('customers')
    .select('id')
    .where('partner_id', '=', partnerId)
    .where('association_type', '=', 2)
    .where('id', 'in', [...new Set(customerIds)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * A customer with its partner, its association and its account's name, in one query (a movement
 * reads it once, inside its transaction). Reads identity's customers and accounts tables, as
 * filterResaleCustomers does; undefined when either row is missing.
 */
export async function findCustomerParty(db: Conn, customerId: string) {
  return (await customerPartyQuery(db, { customerId })).rows[0];
}

/**
 * Finds a row while the customer belongs to the partner as a resale (代售) customer under the name
 * it was read with: a ledger entry condition (see withFundableCustomer).
 */
export const stillFundable = (partnerId: string, customer: { id: string; name: string }): RawBuilder<unknown> =>
  sql`select 1 from customers as c join accounts as a on a.id = c.id
    where c.id = ${customer.id} and c.partner_id = ${partnerId} and c.association_type = 2 and a.name = ${customer.name}`;

const customerPartyQuery = reusableQuery((db, p: { customerId: string }) =>
  db
    .selectFrom('customers as c')
    .innerJoin('accounts as a', 'a.id', 'c.id')
    .select(['c.id', 'c.partner_id', 'c.association_type', 'a.name'])
    .where('c.id', '=', p.customerId),
);
