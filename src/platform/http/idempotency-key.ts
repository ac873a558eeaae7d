import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';
import { IDEMPOTENCY_KEY_RE, IDEMPOTENCY_KEY_RETENTION_MS, requestHash, type IdempotencyClaim } from '../idempotency.ts';

/** The optional request header that makes a money request idempotent (an extension of the contract). */
export const IDEMPOTENCY_HEADER = 'x-idempotency-key';

/** The header as the OpenAPI document shows it, on every route that takes it. */
export const IdempotencyKeyHeaders = Type.Object({
  [IDEMPOTENCY_HEADER]: Type.Optional(
    Type.String({
      description:
        'Optional, not part of the Huawei Cloud contract: 1-255 visible ASCII characters chosen by the caller. A retry with the same key and ' +
        'the same body returns the first answer and moves nothing; the same key with another body is refused (422 PBSS.0422). Only ' +
        'successes are kept: a refused request may be retried with its key. ' +
        `A key is kept for ${IDEMPOTENCY_KEY_RETENTION_MS / 86_400_000} days (business time), then forgotten.`,
    }),
  ),
});

const TAKES_KEY = Symbol('takes X-Idempotency-Key');

/** Marks a partner-API operation handler as taking X-Idempotency-Key, so that its route documents it. */
export function takingIdempotencyKey<F>(handler: F): F {
  return Object.assign(handler as object, { [TAKES_KEY]: true }) as F;
}

export const takesIdempotencyKey = (handler: unknown): boolean => typeof handler === 'function' && (handler as { [TAKES_KEY]?: boolean })[TAKES_KEY] === true;

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
