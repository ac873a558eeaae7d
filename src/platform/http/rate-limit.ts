import type { Clock } from '../clock.ts';

/**
 * Flow control per (caller root account, operation): a token bucket holding `perSecond` requests
 * and refilled continuously, so a burst of `perSecond` passes and a steady rate above it does not.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly perSecond: (operation: string) => number,
  ) {}

  /** Returns true when the request may go ahead. */
  take(accountId: string, operation: string): boolean {
    const limit = this.perSecond(operation);
    if (limit <= 0) return true;
    const key = `${accountId}\u0000${operation}`;
    const now = this.clock.now().getTime();
    const b = this.buckets.get(key) ?? { tokens: limit, at: now };
    b.tokens = Math.min(limit, b.tokens + ((now - b.at) / 1000) * limit);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 200_000) this.buckets.clear();
    return true;
  }
}
