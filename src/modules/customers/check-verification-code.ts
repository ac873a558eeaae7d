import { iso } from '../../platform/deps.ts';
import type { AppError } from '../../platform/errors.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import type { Conn } from '../identity/index.ts';
import { codeExpired, codeLocked, codeWrong } from './customers.errors.ts';
import { codeMatches } from './verification-code-hash.ts';
import { findCurrentCode, markCodeUsed, recordFailedAttempt, type CodeScope } from './verification-codes.repo.ts';

/** More failed tries than this lock the code (CBC.99004009). */
export const MAX_FAILED_ATTEMPTS = 3;

export type CodeCheck = { ok: true } | { ok: false; error: AppError };

/**
 * Checks a verification code inside the caller's transaction and uses it up when it matches. A
 * failure is returned, not thrown, so that the caller can commit the failed-attempt count before
 * answering with the error (a thrown error would roll the count back and allow endless guessing).
 * Checks on one number are serialised, so parallel guesses cannot share an attempt.
 */
export async function checkVerificationCode(trx: Conn, now: Date, scope: CodeScope, code: string): Promise<CodeCheck> {
  await serializeOn(trx, `verification-code:${scope.mobile}`);
  const row = await findCurrentCode(trx, scope);
  if (!row || row.status === 'used') return { ok: false, error: codeWrong() };
  if (row.status === 'locked' || row.failed_attempts > MAX_FAILED_ATTEMPTS) return { ok: false, error: codeLocked() };
  if (row.expires_at <= iso(now)) return { ok: false, error: codeExpired() };
  if (!codeMatches(row.id, code, row.code_hash)) {
    const attempts = row.failed_attempts + 1;
    const locked = attempts > MAX_FAILED_ATTEMPTS;
    await recordFailedAttempt(trx, row.id, attempts, locked);
    return { ok: false, error: locked ? codeLocked() : codeWrong() };
  }
  await markCodeUsed(trx, row.id, iso(now));
  return { ok: true };
}
