import type { Kysely, Transaction } from 'kysely';
import type { DB, LedgerBalanceType } from '../../platform/db/schema.ts';

/** A connection or a transaction: ledger reads take either; writes take the caller's transaction. */
export type LedgerConn = Kysely<DB> | Transaction<DB>;

/** The partner API's balance types (account_type): 1 cash, 2 credit, 5 bonus, 7 deposit. */
export const BalanceType = { cash: 1, credit: 2, bonus: 5, deposit: 7 } as const satisfies Record<string, LedgerBalanceType>;
/** 8 allocatable (可拨款) is not an account: it is cash − designated, reported beside the others. */
export const ALLOCATABLE_ACCOUNT_TYPE = 8;

/** One ledger account: an owner's balance of one type. */
export interface LedgerAccountRef {
  ownerId: string;
  balanceType: LedgerBalanceType;
}

/**
 * The system's counter-accounts. Every journal entry sums to zero, so money entering the platform
 * (a partner's remittance) is taken from `external`, and credit granted is taken from
 * `creditIssued`; both may go below zero, and minus their balances is what the platform owes.
 */
export const SYSTEM_ACCOUNTS = {
  external: { ownerId: 'system:external', balanceType: BalanceType.cash },
  creditIssued: { ownerId: 'system:credit-issued', balanceType: BalanceType.credit },
} as const satisfies Record<string, LedgerAccountRef>;

export const isSystemOwner = (ownerId: string): boolean => ownerId.startsWith('system:');

export const refKey = (r: LedgerAccountRef): string => `${r.ownerId}/${r.balanceType}`;
