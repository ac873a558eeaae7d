/**
 * An idempotency key for one intended operation (made when its form opens, so that a second click
 * or a retry after a lost answer cannot move money twice). getRandomValues works on plain HTTP too.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
