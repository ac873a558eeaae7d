import type { Clock } from '../clock.ts';

export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCK_MS = 5 * 60 * 1000;

/**
 * Counts consecutive signature failures per access key. After more than five in a row the key is
 * locked for five minutes, as Huawei's gateway does. Kept per process: with several processes
 * each counts on its own.
 */
export class KeyLockouts {
  private readonly state = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(private readonly clock: Clock) {}

  isLocked(access: string): boolean {
    const s = this.state.get(access);
    return !!s && s.lockedUntil > this.clock.now().getTime();
  }

  recordFailure(access: string): void {
    const now = this.clock.now().getTime();
    const s = this.state.get(access);
    // A lock that has run out starts a fresh count.
    const failures = s && !(s.lockedUntil && s.lockedUntil <= now) ? s.failures + 1 : 1;
    this.state.set(access, { failures, lockedUntil: failures > MAX_CONSECUTIVE_FAILURES ? now + LOCK_MS : 0 });
    if (this.state.size > 100_000) this.state.clear();
  }

  recordSuccess(access: string): void {
    if (this.state.has(access)) this.state.delete(access);
  }
}
