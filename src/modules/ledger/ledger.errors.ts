import { AppError } from '../../platform/errors.ts';
import type { LedgerAccountRef } from './ledger-accounts.ts';

/**
 * A debit would take an account below what it may hold (below zero, or into its earmarked funds).
 * Use cases catch it to say whose balance is short; the code is the partner API's own.
 */
export class InsufficientBalanceError extends AppError {
  constructor(readonly account: LedgerAccountRef) {
    super('CBC.99005003', 'insufficient balance');
    this.name = 'InsufficientBalanceError';
  }
}

/**
 * The condition an entry was posted under (EntryInput.onlyIf) did not hold: nothing was posted.
 * The caller, which set the condition, finds out why and says so in its own terms.
 */
export class EntryConditionFailed extends Error {
  constructor() {
    super('the condition of the ledger entry did not hold');
    this.name = 'EntryConditionFailed';
  }
}

/** A journal entry that breaks the ledger's rules: a programming error, never a caller's. */
export const invalidEntry = (why: string) => new Error(`invalid ledger entry: ${why}`);
