import { sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { toFen, type Fen } from '../../platform/money.ts';
import { isSystemOwner, refKey, type LedgerAccountRef, type LedgerConn } from './ledger-accounts.ts';

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

/**
 * The ids of the given ledger accounts, creating the missing ones. New rows are inserted in a fixed
 * order so that two transactions creating the same accounts cannot wait on each other in a cycle.
 */
export async function ensureAccounts(trx: Transaction<DB>, refs: readonly LedgerAccountRef[], at: string): Promise<Map<string, number>> {
  const wanted = new Map(refs.map((r) => [refKey(r), r]));
  const found = async () => {
    const rows = await selectAccountsOf(trx, refs.map((r) => r.ownerId));
    return new Map(rows.map((r) => [`${r.ownerId}/${r.balanceType}`, r.id]));
  };
  let ids = await found();
  const missing = [...wanted.entries()].filter(([k]) => !ids.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (missing.length === 0) return ids;
  for (const [, r] of missing) {
    await trx
      .insertInto('ledger_accounts')
      .values({
        owner_id: r.ownerId,
        balance_type: r.balanceType,
        balance: 0n,
        designated: 0n,
        allow_negative: isSystemOwner(r.ownerId) ? 1 : 0,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['owner_id', 'balance_type']).doNothing())
      .execute();
  }
  ids = await found();
  return ids;
}

/**
 * Adds `amount` to a balance (and `designatedDelta` to its earmarked part) unless that would take
 * it below what it may hold. Returns the new values, or null when refused. The row stays locked
 * until the transaction ends.
 */
export async function applyToAccount(
  trx: Transaction<DB>,
  accountId: number,
  amount: Fen,
  designatedDelta: Fen,
): Promise<{ balance: Fen; designated: Fen } | null> {
  const row = await trx
    .updateTable('ledger_accounts')
    .set({
      balance: sql`balance + ${amount}`,
      designated: sql`designated + ${designatedDelta}`,
    })
    .where('id', '=', accountId)
    .where(sql<boolean>`(allow_negative = 1 or balance + ${amount} >= designated + ${designatedDelta})`)
    .returning(['balance', 'designated'])
    .executeTakeFirst();
  return row ? { balance: toFen(row.balance), designated: toFen(row.designated) } : null;
}

export async function insertEntry(
  trx: Transaction<DB>,
  row: { kind: string; ref: string; initiatorId: string; memo: string | null; at: string },
): Promise<number> {
  const inserted = await trx
    .insertInto('ledger_entries')
    .values({ kind: row.kind, ref: row.ref, initiator_id: row.initiatorId, memo: row.memo, created_at: row.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function insertPostings(
  trx: Transaction<DB>,
  rows: ReadonlyArray<{ entryId: number; accountId: number; amount: Fen; designatedDelta: Fen; balanceAfter: Fen }>,
): Promise<void> {
  await trx
    .insertInto('ledger_postings')
    .values(
      rows.map((r) => ({
        entry_id: r.entryId,
        account_id: r.accountId,
        amount: r.amount,
        designated_delta: r.designatedDelta,
        balance_after: r.balanceAfter,
      })),
    )
    .execute();
}
