import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { allOrNothing, appendLater } from '../../platform/db/write-behind.ts';
import { isSqlite } from '../../platform/db/dialect.ts';
import { MAX_BALANCE_FEN, type Fen } from '../../platform/money.ts';
import { refKey, type LedgerAccountRef, type LedgerConn } from './ledger-accounts.ts';
import { EntryConditionFailed, InsufficientBalanceError } from './ledger.errors.ts';
import { createAccount, insertPostings, lockAccounts, nextEntryIds, writeBalances, writeEntries, type HeldRow } from './ledger.repo.ts';

/**
 * Posting inside a group commit whose works all commit or all fail together (write-behind's
 * allOrNothing), as TigerBeetle applies a batch: each account an entry touches is locked and read
 * once for the whole group, the checks and balance changes of every entry are made in memory
 * against what was read, and the group writes each changed balance once, with the entries and
 * postings, just before it commits. A hot account (a distributor funding its customers) is then one
 * read and one write per group instead of one conditional update per movement, and a group of
 * movements on accounts it already holds costs no statement until its flush.
 *
 * It is exact because nothing else can change the rows meanwhile: on PostgreSQL they are locked
 * (FOR UPDATE) until the commit, and on SQLite the group holds the database's write lock. Anything
 * out of the ordinary (a shortfall, a condition that does not hold, a balance out of range, a ref
 * already used) throws: the whole group is then run again with savepoints, where postEntry takes
 * the statement-by-statement path and the work at fault gets its own error, alone.
 */

/** An account the group holds: locked, read once, changed in memory, written at the flush. */
interface HeldAccount extends HeldRow {
  allowNegative: boolean;
  /** Queued for the flush (appended once, written with its values as they are then). */
  queued: boolean;
}

interface GroupLedger {
  works: number;
  accounts: Map<string, HeldAccount>;
  /** Entry ids drawn for the group and not used yet. */
  ids: number[];
  /** Conditions (by their SQL and parameters) found to hold; their rows stay locked on PostgreSQL. */
  holding: Set<string>;
}

const groups = new WeakMap<object, GroupLedger>();

/** The group's ledger state when `trx` is an all-or-nothing group's transaction; null otherwise. */
export function groupLedgerOf(trx: object): GroupLedger | null {
  const group = allOrNothing(trx);
  if (!group) return null;
  let state = groups.get(trx);
  if (!state) groups.set(trx, (state = { works: group.works, accounts: new Map(), ids: [], holding: new Set() }));
  return state;
}

/** What the group holds of an account, as changed so far (for reads in the same transaction). */
export function heldBalance(db: LedgerConn, ref: LedgerAccountRef): { balance: Fen; designated: Fen } | undefined {
  return groups.get(db)?.accounts.get(refKey(ref));
}

export interface GroupPosting {
  index: number;
  key: string;
  posting: { account: LedgerAccountRef; amount: Fen; designatedDelta?: Fen };
}

/** One entry posted the group's way; `planned` is in the global account order. */
export async function postInGroup(
  trx: Transaction<DB>,
  state: GroupLedger,
  entry: { kind: string; ref: string; initiatorId: string; memo: string | null; at: string; onlyIf?: RawBuilder<unknown> },
  planned: readonly GroupPosting[],
): Promise<{ entryId: number; balances: Array<{ account: LedgerAccountRef; balance: Fen; designated: Fen }> }> {
  if (entry.onlyIf && !(await conditionHolds(trx, state, entry.onlyIf))) throw new EntryConditionFailed();
  if (state.ids.length === 0) state.ids = await nextEntryIds(trx, Math.max(1, state.works));
  await holdAccounts(trx, state, planned, entry.at);
  // Every posting is checked before any balance changes: a refused entry changes nothing.
  const next = planned.map((step) => {
    const held = state.accounts.get(step.key)!;
    const balance = held.balance + step.posting.amount;
    const designated = held.designated + (step.posting.designatedDelta ?? 0n);
    if (!held.allowNegative && balance < designated) throw new InsufficientBalanceError(step.posting.account);
    if (designated < 0n || balance > MAX_BALANCE_FEN || balance < -MAX_BALANCE_FEN) throw new Error(`ledger account ${step.key} would leave its range`);
    return { step, held, balance, designated };
  });
  const entryId = state.ids.shift()!;
  await appendLater(trx, writeEntries, [{ id: entryId, kind: entry.kind, ref: entry.ref, initiator_id: entry.initiatorId, memo: entry.memo, created_at: entry.at }]);
  const balances: Array<{ account: LedgerAccountRef; balance: Fen; designated: Fen }> = new Array(planned.length);
  const postings = [];
  for (const { step, held, balance, designated } of next) {
    held.balance = balance;
    held.designated = designated;
    if (!held.queued) {
      held.queued = true;
      await appendLater(trx, writeBalances, [held]);
    }
    balances[step.index] = { account: step.posting.account, balance, designated };
    postings.push({ entryId, accountId: held.id, amount: step.posting.amount, designatedDelta: step.posting.designatedDelta ?? 0n, balanceAfter: balance });
  }
  await insertPostings(trx, postings);
  return { entryId, balances };
}

/** Locks and reads the entry's accounts the group does not hold yet, creating missing ones. */
async function holdAccounts(trx: Transaction<DB>, state: GroupLedger, planned: readonly GroupPosting[], at: string): Promise<void> {
  const wanted = planned.filter((p) => !state.accounts.has(p.key)).map((p) => p.posting.account);
  if (wanted.length === 0) return;
  let rows = await lockAccounts(trx, wanted);
  if (rows.length < wanted.length) {
    const found = new Set(rows.map((r) => r.ord));
    for (const [i, ref] of wanted.entries()) if (!found.has(i)) await createAccount(trx, ref, at);
    rows = await lockAccounts(trx, wanted);
    if (rows.length < wanted.length) throw new Error('a ledger account could not be created');
  }
  for (const r of rows) state.accounts.set(refKey(wanted[r.ord]!), { id: r.id, balance: r.balance, designated: r.designated, allowNegative: r.allowNegative, queued: false });
}

/**
 * Whether the entry's condition (a query that finds a row while it holds) holds, asked once per
 * group: on PostgreSQL the rows that make it hold are locked (FOR SHARE) until the group commits, so
 * that they cannot change under the group's later entries; on SQLite the group's write lock does it.
 */
async function conditionHolds(trx: Transaction<DB>, state: GroupLedger, condition: RawBuilder<unknown>): Promise<boolean> {
  const compiled = condition.compile(trx);
  const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
  if (state.holding.has(key)) return true;
  const { rows } = await (isSqlite(trx) ? condition : sql`${condition} for share`).execute(trx);
  if (rows.length === 0) return false;
  state.holding.add(key);
  return true;
}
