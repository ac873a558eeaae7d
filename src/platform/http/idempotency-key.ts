import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { IDEMPOTENCY_KEY_RE, requestHash, type IdempotencyClaim } from '../idempotency.ts';

/** The optional request header that makes a money request idempotent (an extension of the contract). */
export const IDEMPOTENCY_HEADER = 'x-idempotency-key';

/**
 * The idempotency claim of a request: null without the header; CBC.0100 when the header is
 * repeated, empty, longer than 255 characters or not visible ASCII. `request` is what identifies the
 * request for comparison (the validated body).
 */
export function idempotencyClaimOf(
  httpRequest: FastifyRequest,
  scope: string,
  operation: string,
  request: unknown,
): IdempotencyClaim | null {
  const raw = httpRequest.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY_RE.test(raw)) {
    throw new AppError('CBC.0100', 'invalid parameter: X-Idempotency-Key must be 1-255 visible ASCII characters');
  }
  return { scope, operation, key: raw, requestHash: requestHash({ operation, request }) };
}
