import { sql, type Transaction } from 'kysely';
import type { DB, LedgerBalanceType } from '../../platform/db/schema.ts';
import { reusableQuery, slotRows } from '../../platform/db/reusable-query.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import { isSystemOwner, type LedgerAccountRef, type LedgerConn } from './ledger-accounts.ts';

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

export async function insertPostings(
  trx: Transaction<DB>,
  rows: ReadonlyArray<{ entryId: number; accountId: number; amount: Fen; designatedDelta: Fen; balanceAfter: Fen }>,
): Promise<void> {
  const values = rows.map((r) => ({ entry_id: r.entryId, account_id: r.accountId, amount: r.amount, designated_delta: r.designatedDelta, balance_after: r.balanceAfter }));
  await insertPostingsQuery(trx, { rows: values }, values.length);
}
