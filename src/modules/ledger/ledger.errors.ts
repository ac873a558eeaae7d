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

/** A journal entry that breaks the ledger's rules: a programming error, never a caller's. */
export const invalidEntry = (why: string) => new Error(`invalid ledger entry: ${why}`);
