/** Job kinds and the retry policy of webhook deliveries. */

export const DELIVER_JOB = 'webhooks.deliver';

/** Attempts per delivery before it is marked failed (a replay allows as many again). */
export const MAX_ATTEMPTS = 8;

/** How long a receiver may take to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The wait after failed attempt n, on the business clock (so the sandbox's clock can drive
 * retries): 30 s, 1 min, 2 min, ... doubling, at most 6 hours.
 */
export const backoffMs = (attempt: number): number => Math.min(6 * 3600_000, 30_000 * 2 ** (attempt - 1));

export const deliverJobKey = (deliveryId: string, attempt: number) => `${deliveryId}:${attempt}`;
