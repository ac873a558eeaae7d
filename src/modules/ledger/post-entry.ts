import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { refKey, type LedgerAccountRef } from './ledger-accounts.ts';
import { EntryConditionFailed, InsufficientBalanceError, invalidEntry } from './ledger.errors.ts';
import { accountExists, applyPairWithEntry, applyToAccount, createAccount, insertEntry, insertPostings, type PairSide } from './ledger.repo.ts';
import { isSqlite } from '../../platform/db/dialect.ts';
import { groupLedgerOf, postInGroup } from './post-in-group.ts';

export interface PostingInput {
  account: LedgerAccountRef;
  /** Signed fen: + adds to the account's balance, − takes from it. */
  amount: Fen;
  /** Change of the earmarked (designated) part of the balance; 0 when absent. */
  designatedDelta?: Fen;
}

export interface EntryInput {
  /** What kind of movement this is (top_up, allocate, reclaim, ...): for people reading the journal. */
  kind: string;
  /** The movement's business id (transfer_id / trans_id); an entry with a ref already used is refused. */
  ref: string;
  initiatorId: string;
  memo?: string | null;
  /** ISO-8601 instant of the business clock. */
  at: string;
  postings: readonly PostingInput[];
  /**
   * A condition on other modules' rows that must hold when the balances change: say, that a
   * customer a caller checked before its transaction still belongs to the partner. A plain SELECT
   * that finds a row while the condition holds. Inside an all-or-nothing group it is asked once per
   * group, and on PostgreSQL the rows it finds stay locked (FOR SHARE) until the group commits
   * (post-in-group.ts); on PostgreSQL's two-posting path it is part of the statement that changes
   * the balances; otherwise it is read just before them. When it does not hold, postEntry throws
   * EntryConditionFailed, having changed nothing.
   */
  onlyIf?: RawBuilder<unknown>;
}

export interface PostedBalance {
  account: LedgerAccountRef;
  balance: Fen;
  designated: Fen;
}

export interface PostedEntry {
  entryId: number;
  /** Each posted account's balance after the entry, in the order of the input postings. */
  balances: PostedBalance[];
}

/**
 * Posts one journal entry inside the caller's transaction: its postings must sum to zero. Each
 * balance is changed with a conditional update (refused when it would go below what the account may
 * hold, throwing InsufficientBalanceError), accounts in ascending (owner, type) order so that
 * concurrent entries lock rows in one global order and cannot deadlock; an account that does not
 * exist yet is created at that point. Then the entry and its postings, each with the balance it
 * left, are appended. The common case costs one statement per posting plus two appends.
 */
export async function postEntry(trx: Transaction<DB>, input: EntryInput): Promise<PostedEntry> {
  checkEntry(input);
  const planned = input.postings.map((posting, index) => ({ index, key: refKey(posting.account), posting }));
  planned.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const group = groupLedgerOf(trx);
  const entry = { kind: input.kind, ref: input.ref, initiatorId: input.initiatorId, memo: input.memo ?? null, at: input.at };
  if (group) return postInGroup(trx, group, { ...entry, ...(input.onlyIf ? { onlyIf: input.onlyIf } : {}) }, planned);
  const results: PostedBalance[] = new Array(planned.length);
  const applied: Array<{ accountId: number; amount: Fen; designatedDelta: Fen; balanceAfter: Fen }> = [];
  const note = (step: (typeof planned)[number], after: { id: number; balance: Fen; designated: Fen }) => {
    results[step.index] = { account: step.posting.account, balance: after.balance, designated: after.designated };
    applied.push({ accountId: after.id, amount: step.posting.amount, designatedDelta: step.posting.designatedDelta ?? 0n, balanceAfter: after.balance });
  };
  // PostgreSQL, two postings (every funds movement): balances and entry in one round trip; null
  // (nothing changed) sends it the step-by-step way, which creates accounts and names the shortfall.
  let entryId: number | null = null;
  if (planned.length === 2 && !isSqlite(trx)) {
    const sides = planned.map((p) => ({ ref: p.posting.account, amount: p.posting.amount, designatedDelta: p.posting.designatedDelta ?? 0n })) as [PairSide, PairSide];
    const fast = await applyPairWithEntry(trx, sides, entry, input.onlyIf);
    if (fast) {
      planned.forEach((step, i) => note(step, fast.accounts[i]!));
      entryId = fast.entryId;
    }
  }
  if (entryId === null) {
    if (input.onlyIf && !(await holds(trx, input.onlyIf))) throw new EntryConditionFailed();
    for (const step of planned) {
      const { account, amount } = step.posting;
      const designatedDelta = step.posting.designatedDelta ?? 0n;
      let after = await applyToAccount(trx, account, amount, designatedDelta);
      if (!after && !(await accountExists(trx, account))) {
        await createAccount(trx, account, input.at);
        after = await applyToAccount(trx, account, amount, designatedDelta);
      }
      if (!after) throw new InsufficientBalanceError(account);
      note(step, after);
    }
    entryId = await insertEntry(trx, entry);
  }
  const id = entryId;
  await insertPostings(trx, applied.map((a) => ({ ...a, entryId: id })));
  return { entryId: id, balances: results };
}

async function holds(trx: Transaction<DB>, condition: RawBuilder<unknown>): Promise<boolean> {
  const { rows } = await sql<{ ok: number | string }>`select case when exists (${condition}) then 1 else 0 end as ok`.execute(trx);
  return Number(rows[0]?.ok) === 1;
}

function checkEntry(input: EntryInput): void {
  if (input.postings.length < 2) throw invalidEntry('an entry needs at least two postings');
  const seen = new Set<string>();
  let sum = 0n;
  for (const p of input.postings) {
    const key = refKey(p.account);
    if (seen.has(key)) throw invalidEntry(`account ${key} posted twice`);
    seen.add(key);
    if (p.amount === 0n && (p.designatedDelta ?? 0n) === 0n) throw invalidEntry('a posting of nothing');
    sum += p.amount;
  }
  if (sum !== 0n) throw invalidEntry(`postings sum to ${sum}, not 0`);
}
