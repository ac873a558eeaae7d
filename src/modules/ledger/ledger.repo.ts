import { appendLater, dialectFlush, insertsOf, type FlushRows } from '../../platform/db/write-behind.ts';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB, LedgerBalanceType } from '../../platform/db/schema.ts';
import { reusableQuery, slotRows } from '../../platform/db/reusable-query.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import { isSystemOwner, type LedgerAccountRef, type LedgerConn } from './ledger-accounts.ts';
import { isSqlite } from '../../platform/db/dialect.ts';

/** SQL for the ledger's tables, and nothing else. */

export interface LedgerAccountRow {
  id: number;
  ownerId: string;
  balanceType: number;
  balance: Fen;
  designated: Fen;
}

export async function selectAccountsOf(db: LedgerConn, ownerIds: readonly string[]): Promise<LedgerAccountRow[]> {
  if (ownerIds.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_accounts')
    .select(['id', 'owner_id', 'balance_type', 'balance', 'designated'])
    .where('owner_id', 'in', [...new Set(ownerIds)])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    ownerId: r.owner_id,
    balanceType: r.balance_type,
    balance: toFen(r.balance),
    designated: toFen(r.designated),
  }));
}

/** Creates an owner's account of one type with a zero balance, unless it exists. */
export async function createAccount(trx: Transaction<DB>, ref: LedgerAccountRef, at: string): Promise<void> {
  await trx
    .insertInto('ledger_accounts')
    .values({
      owner_id: ref.ownerId,
      balance_type: ref.balanceType,
      balance: 0n,
      designated: 0n,
      allow_negative: isSystemOwner(ref.ownerId) ? 1 : 0,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['owner_id', 'balance_type']).doNothing())
    .execute();
}

export async function accountExists(trx: Transaction<DB>, ref: LedgerAccountRef): Promise<boolean> {
  const row = await trx.selectFrom('ledger_accounts').select('id').where('owner_id', '=', ref.ownerId).where('balance_type', '=', ref.balanceType).executeTakeFirst();
  return row !== undefined;
}

/**
 * Adds `amount` to an account's balance (and `designatedDelta` to its earmarked part) unless that
 * would take it below what it may hold. Returns the account's id and new values, or null when
 * refused or when there is no such account. The row stays locked until the transaction ends.
 */
export async function applyToAccount(
  trx: Transaction<DB>,
  ref: LedgerAccountRef,
  amount: Fen,
  designatedDelta: Fen,
): Promise<{ id: number; balance: Fen; designated: Fen } | null> {
  const [row] = (await applyQuery(trx, { amount, designatedDelta, ownerId: ref.ownerId, balanceType: ref.balanceType })).rows;
  return row ? { id: Number(row.id), balance: toFen(row.balance), designated: toFen(row.designated) } : null;
}

// The statements every movement runs are compiled once (reusableQuery), not built at each call.
const applyQuery = reusableQuery((db, p: { amount: Fen; designatedDelta: Fen; ownerId: string; balanceType: LedgerBalanceType }) =>
  db
    .updateTable('ledger_accounts')
    .set({
      balance: sql`balance + ${p.amount}`,
      designated: sql`designated + ${p.designatedDelta}`,
    })
    .where('owner_id', '=', p.ownerId)
    .where('balance_type', '=', p.balanceType)
    .where(sql<boolean>`(allow_negative = 1 or balance + ${p.amount} >= designated + ${p.designatedDelta})`)
    .returning(['id', 'balance', 'designated']),
);

/** One side of a two-posting entry, for applyPairWithEntry. */
export interface PairSide {
  ref: LedgerAccountRef;
  amount: Fen;
  designatedDelta: Fen;
}

/**
 * PostgreSQL only: the two balance changes of a two-posting entry and the entry itself in one
 * statement (one round trip instead of three; with a hot account, round trips in sequence are what
 * a group of movements waits on). The updates are conditional as in applyToAccount, and the entry is
 * inserted only if both applied. Returns the accounts after (in the order given) and the entry id;
 * or null, having changed nothing, when an update was refused or an account does not exist (the
 * caller then takes the step-by-step path, which creates accounts and names what was short).
 */
export async function applyPairWithEntry(
  trx: Transaction<DB>,
  /** In the global account order (postEntry's), which is the order the rows are locked in. */
  sides: readonly [PairSide, PairSide],
  entry: { kind: string; ref: string; initiatorId: string; memo: string | null; at: string },
  /** When given and false, nothing is locked or changed (and null is returned). */
  onlyIf?: RawBuilder<unknown>,
): Promise<{ entryId: number; accounts: [{ id: number; balance: Fen; designated: Fen }, { id: number; balance: Fen; designated: Fen }] } | null> {
  const [a, b] = sides;
  const { rows } = await sql<{ ord: number; id: string | number; balance: string | bigint; designated: string | bigint; entry_id: string | number | null }>`
    with v (ord, owner_id, balance_type, amount, dd) as (
      values (0, ${a.ref.ownerId}::varchar, ${a.ref.balanceType}::integer, ${a.amount}::bigint, ${a.designatedDelta}::bigint),
             (1, ${b.ref.ownerId}::varchar, ${b.ref.balanceType}::integer, ${b.amount}::bigint, ${b.designatedDelta}::bigint)
    ), l as (
      -- Both rows locked first, in the order given (the callers' global account order), as the
      -- step-by-step path does: the update below alone would lock them in whatever order its plan
      -- reads them, and two transactions could then wait on each other.
      select acc.id from v join ledger_accounts as acc on acc.owner_id = v.owner_id and acc.balance_type = v.balance_type
      where ${onlyIf ? sql`exists (${onlyIf})` : sql`true`}
      order by v.ord
      for update of acc
    ), u as (
      update ledger_accounts as acc set balance = acc.balance + v.amount, designated = acc.designated + v.dd
      from v, l
      where acc.id = l.id and acc.owner_id = v.owner_id and acc.balance_type = v.balance_type
        and (acc.allow_negative = 1 or acc.balance + v.amount >= acc.designated + v.dd)
      returning v.ord, acc.id, acc.balance, acc.designated
    ), e as (
      insert into ledger_entries (kind, ref, initiator_id, memo, created_at)
      select ${entry.kind}::varchar, ${entry.ref}::varchar, ${entry.initiatorId}::varchar, ${entry.memo}::varchar, ${entry.at}::varchar
      where (select count(*) from u) = 2
      returning id
    )
    select u.ord, u.id, u.balance, u.designated, (select id from e) as entry_id from u`.execute(trx);
  if (rows.length === 2 && rows[0]!.entry_id !== null) {
    const by = (ord: number) => rows.find((r) => Number(r.ord) === ord)!;
    const out = (r: (typeof rows)[number]) => ({ id: Number(r.id), balance: toFen(r.balance), designated: toFen(r.designated) });
    return { entryId: Number(rows[0]!.entry_id), accounts: [out(by(0)), out(by(1))] };
  }
  // One side applied and the other not: put the applied one back, in this same transaction.
  for (const r of rows) {
    const side = sides[Number(r.ord)]!;
    await sql`update ledger_accounts set balance = balance - ${side.amount}, designated = designated - ${side.designatedDelta} where id = ${Number(r.id)}`.execute(trx);
  }
  return null;
}

interface EntryRow {
  kind: string;
  ref: string;
  initiator_id: string;
  memo: string | null;
  created_at: string;
}

const insertEntryQuery = reusableQuery((db, p: EntryRow) =>
  db.insertInto('ledger_entries').values({ kind: p.kind, ref: p.ref, initiator_id: p.initiator_id, memo: p.memo, created_at: p.created_at }).returning('id'),
);

export async function insertEntry(
  trx: Transaction<DB>,
  row: { kind: string; ref: string; initiatorId: string; memo: string | null; at: string },
): Promise<number> {
  const { rows } = await insertEntryQuery(trx, { kind: row.kind, ref: row.ref, initiator_id: row.initiatorId, memo: row.memo, created_at: row.at });
  return Number(rows[0]!.id);
}

interface PostingRow {
  entry_id: number;
  account_id: number;
  amount: Fen;
  designated_delta: Fen;
  balance_after: Fen;
}

const POSTING_COLUMNS = ['entry_id', 'account_id', 'amount', 'designated_delta', 'balance_after'] as const;
const insertPostingsQuery = reusableQuery((db, _p: { rows: PostingRow[] }, count: number) =>
  db.insertInto('ledger_postings').values(slotRows<PostingRow>(count, POSTING_COLUMNS)),
);

const writePostings = insertsOf(insertPostingsQuery, 'ledger_postings', [
  ['entry_id', 'bigint'],
  ['account_id', 'bigint'],
  ['amount', 'bigint'],
  ['designated_delta', 'bigint'],
  ['balance_after', 'bigint'],
]);

/** Appends postings; inside a group commit they are written with the group's, before its commit. */
export async function insertPostings(
  trx: Transaction<DB>,
  rows: ReadonlyArray<{ entryId: number; accountId: number; amount: Fen; designatedDelta: Fen; balanceAfter: Fen }>,
): Promise<void> {
  const values = rows.map((r) => ({ entry_id: r.entryId, account_id: r.accountId, amount: r.amount, designated_delta: r.designatedDelta, balance_after: r.balanceAfter }));
  await appendLater(trx, writePostings, values);
}

/** The accounts' rows, in the order given (the global account order), locked on PostgreSQL. */
export async function lockAccounts(trx: Transaction<DB>, refs: readonly LedgerAccountRef[]) {
  const pg = !isSqlite(trx);
  const values = sql.join(
    refs.map((r, i) => (pg ? sql`(${i}::integer, ${r.ownerId}::varchar, ${r.balanceType}::integer)` : sql`(${i}, ${r.ownerId}, ${r.balanceType})`)),
  );
  const { rows } = await sql<{ ord: number | string; id: number | string; balance: string | bigint; designated: string | bigint; allow_negative: number | string }>`
    with v (ord, owner_id, balance_type) as (values ${values})
    select v.ord, acc.id, acc.balance, acc.designated, acc.allow_negative
    from v join ledger_accounts as acc on acc.owner_id = v.owner_id and acc.balance_type = v.balance_type
    order by v.ord ${pg ? sql`for update of acc` : sql``}`.execute(trx);
  return rows.map((r) => ({ ord: Number(r.ord), id: Number(r.id), balance: toFen(r.balance), designated: toFen(r.designated), allowNegative: Number(r.allow_negative) === 1 }));
}

/** An account's row as a group holds it (post-in-group.ts): written back once, before the commit. */
export interface HeldRow {
  id: number;
  balance: Fen;
  designated: Fen;
}

/**
 * `count` ids for new journal entries, drawn before the entries are written (a group writes its
 * entries with its other rows, and their postings and records name them). PostgreSQL draws them
 * from the identity's sequence; on SQLite the transaction holds the write lock, so the ids after
 * the largest one are free until it commits.
 */
export async function nextEntryIds(trx: Transaction<DB>, count: number): Promise<number[]> {
  if (isSqlite(trx)) {
    const { rows } = await sql<{ id: number | string | null }>`select max(id) as id from ledger_entries`.execute(trx);
    const last = Number(rows[0]?.id ?? 0);
    // Ids drawn earlier in this transaction and not yet written are above the largest one too.
    const from = Math.max(last, drawnUpTo.get(trx) ?? 0);
    drawnUpTo.set(trx, from + count);
    return Array.from({ length: count }, (_, i) => from + i + 1);
  }
  const { rows } = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('ledger_entries', 'id')) as id from generate_series(1, ${count}::integer)`.execute(trx);
  return rows.map((r) => Number(r.id));
}

const drawnUpTo = new WeakMap<object, number>();

interface EntryRowWithId extends EntryRow {
  id: number;
}

const ENTRY_COLUMNS = ['id', 'kind', 'ref', 'initiator_id', 'memo', 'created_at'] as const;
const insertEntriesQuery = reusableQuery((db, _p: { rows: EntryRowWithId[] }, count: number) =>
  db.insertInto('ledger_entries').values(slotRows<EntryRowWithId>(count, ENTRY_COLUMNS)),
);

/** Appends journal entries whose ids were drawn (nextEntryIds): a write-behind flush. */
export const writeEntries = insertsOf(insertEntriesQuery, 'ledger_entries', [
  ['id', 'bigint'],
  ['kind', 'varchar'],
  ['ref', 'varchar'],
  ['initiator_id', 'varchar'],
  ['memo', 'varchar'],
  ['created_at', 'varchar'],
]);

const setBalanceQuery = reusableQuery((db, p: { id: number; balance: Fen; designated: Fen }) =>
  db.updateTable('ledger_accounts').set({ balance: p.balance, designated: p.designated }).where('id', '=', p.id),
);

/**
 * Writes the balances a group holds, as they stand at its flush: one statement on PostgreSQL, one
 * per account on SQLite. The table's constraints still check every value written.
 */
export const writeBalances: FlushRows<HeldRow> = dialectFlush(
  async (conn, rows) => {
    for (const r of rows) await setBalanceQuery(conn, { id: r.id, balance: r.balance, designated: r.designated });
  },
  (_conn, rows) => sql`update ledger_accounts as acc set balance = v.balance, designated = v.designated
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => String(r.balance))}::bigint[], ${rows.map((r) => String(r.designated))}::bigint[]) as v(id, balance, designated)
    where acc.id = v.id`,
);
