import { sql } from 'kysely';
import { toFen } from '../../platform/money.ts';
import type { LedgerConn } from './ledger-accounts.ts';

export interface LedgerReport {
  ok: boolean;
  accounts: number;
  entries: number;
  postings: number;
  /** Up to MAX_PROBLEMS descriptions; `problemCount` counts them all. */
  problems: string[];
  problemCount: number;
}

const MAX_PROBLEMS = 100;
const PAGE = 5000;

/**
 * Reconciles the ledger from its journal: every entry has two or more postings summing to zero; every
 * account's balance and earmarked part equal the sums of its postings; no account that may not go
 * below zero is below its earmarked part; and each posting's recorded balance_after equals the
 * running sum of its account's postings in order. Reads only.
 */
export async function verifyLedger(db: LedgerConn): Promise<LedgerReport> {
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (msg: string) => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(msg);
  };

  const accounts = await db
    .selectFrom('ledger_accounts as a')
    .leftJoin('ledger_postings as p', 'p.account_id', 'a.id')
    .select((eb) => [
      'a.id',
      'a.owner_id',
      'a.balance_type',
      'a.balance',
      'a.designated',
      'a.allow_negative',
      eb.fn.coalesce(eb.fn.sum<string | number>('p.amount'), sql<number>`0`).as('posted'),
      eb.fn.coalesce(eb.fn.sum<string | number>('p.designated_delta'), sql<number>`0`).as('posted_designated'),
    ])
    .groupBy(['a.id', 'a.owner_id', 'a.balance_type', 'a.balance', 'a.designated', 'a.allow_negative'])
    .execute();
  for (const a of accounts) {
    const name = `account ${a.id} (${a.owner_id}, type ${a.balance_type})`;
    const balance = toFen(a.balance);
    const designated = toFen(a.designated);
    if (balance !== toFen(a.posted)) problem(`${name}: balance ${balance} but its postings sum to ${toFen(a.posted)}`);
    if (designated !== toFen(a.posted_designated)) problem(`${name}: designated ${designated} but its postings sum to ${toFen(a.posted_designated)}`);
    if (a.allow_negative !== 1 && balance < designated) problem(`${name}: balance ${balance} is below its designated ${designated}`);
  }

  const unbalanced = await db
    .selectFrom('ledger_entries as e')
    .leftJoin('ledger_postings as p', 'p.entry_id', 'e.id')
    .select((eb) => ['e.id', eb.fn.coalesce(eb.fn.sum<string | number>('p.amount'), sql<number>`0`).as('total'), eb.fn.count<string | number>('p.id').as('n')])
    .groupBy('e.id')
    .having((eb) => eb.or([eb(eb.fn.coalesce(eb.fn.sum('p.amount'), sql`0`), '<>', 0), eb(eb.fn.count('p.id'), '<', 2)]))
    .limit(MAX_PROBLEMS)
    .execute();
  for (const e of unbalanced) problem(`entry ${e.id}: ${Number(e.n)} postings summing to ${toFen(e.total)}`);

  const orphans = await db
    .selectFrom('ledger_postings as p')
    .leftJoin('ledger_entries as e', 'e.id', 'p.entry_id')
    .select('p.id')
    .where('e.id', 'is', null)
    .limit(MAX_PROBLEMS)
    .execute();
  for (const o of orphans) problem(`posting ${o.id} belongs to no entry`);

  const postings = await checkRunningBalances(db, problem);
  const entries = await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return { ok: problemCount === 0, accounts: accounts.length, entries: Number(entries.n), postings, problems, problemCount };
}

/** Walks every account's postings in id order, a page at a time. Returns how many postings there are. */
async function checkRunningBalances(db: LedgerConn, problem: (msg: string) => void): Promise<number> {
  let after = { account: -1, id: -1 };
  let running = 0n;
  let count = 0;
  for (;;) {
    const page = await db
      .selectFrom('ledger_postings')
      .select(['id', 'account_id', 'amount', 'balance_after'])
      .where((eb) =>
        eb.or([eb('account_id', '>', after.account), eb.and([eb('account_id', '=', after.account), eb('id', '>', after.id)])]),
      )
      .orderBy('account_id')
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const p of page) {
      const account = Number(p.account_id);
      if (account !== after.account) running = 0n;
      running += toFen(p.amount);
      if (running !== toFen(p.balance_after)) {
        problem(`posting ${p.id} of account ${account}: balance_after ${toFen(p.balance_after)} but the running sum is ${running}`);
      }
      after = { account, id: Number(p.id) };
      count++;
    }
    if (page.length < PAGE) return count;
  }
}
