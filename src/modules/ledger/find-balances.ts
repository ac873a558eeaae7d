import type { LedgerBalanceType } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import type { LedgerConn } from './ledger-accounts.ts';
import { selectAccountsOf } from './ledger.repo.ts';
import { heldBalance } from './post-in-group.ts';

export interface Balance {
  balanceType: LedgerBalanceType;
  balance: Fen;
  designated: Fen;
}

/**
 * The balances each owner holds, by owner id. An owner without a ledger account of some type holds
 * nothing of it: accounts are created by the first entry that posts to them.
 */
export async function findBalances(db: LedgerConn, ownerIds: readonly string[]): Promise<Map<string, Balance[]>> {
  const rows = await selectAccountsOf(db, ownerIds);
  const out = new Map<string, Balance[]>(ownerIds.map((id) => [id, []]));
  for (const r of rows) {
    const balanceType = r.balanceType as LedgerBalanceType;
    // Inside a group that holds the account, its balance as the group changed it (written at its flush).
    const held = heldBalance(db, { ownerId: r.ownerId, balanceType });
    out.get(r.ownerId)?.push({ balanceType, balance: held?.balance ?? r.balance, designated: held?.designated ?? r.designated });
  }
  return out;
}

/** One owner's balance of one type (zero when the account does not exist yet). */
export function balanceOf(balances: readonly Balance[] | undefined, type: LedgerBalanceType): Balance {
  return balances?.find((b) => b.balanceType === type) ?? { balanceType: type, balance: 0n, designated: 0n };
}
