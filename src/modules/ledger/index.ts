/** The ledger: accounts per owner and balance type, an append-only double-entry journal. */
export { postEntry, type EntryInput, type PostingInput, type PostedEntry, type PostedBalance } from './post-entry.ts';
export { findBalances, balanceOf, type Balance } from './find-balances.ts';
export { verifyLedger, type LedgerReport } from './verify-ledger.ts';
export { EntryConditionFailed, InsufficientBalanceError } from './ledger.errors.ts';
export {
  BalanceType,
  ALLOCATABLE_ACCOUNT_TYPE,
  SYSTEM_ACCOUNTS,
  isSystemOwner,
  type LedgerAccountRef,
  type LedgerConn,
} from './ledger-accounts.ts';
