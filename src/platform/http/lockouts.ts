import type { Clock } from '../clock.ts';
import { announce, onNotice } from '../cluster-messages.ts';

export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCK_MS = 5 * 60 * 1000;

/**
 * Counts consecutive signature failures per access key. After more than five in a row the key is
 * locked for five minutes, as Huawei's gateway does. With several server processes (WORKERS) each
 * tells the others of every failure, and of the success that ends a run of them, so that the count
 * is the same whichever process a request reaches.
 */
export class KeyLockouts {
  private readonly state = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(private readonly clock: Clock) {
    onNotice((notice) => {
      if (notice.kind === 'key-failure') this.countFailure(notice.access);
      else if (notice.kind === 'key-success') this.state.delete(notice.access);
    });
  }

  isLocked(access: string): boolean {
    const s = this.state.get(access);
    return !!s && s.lockedUntil > this.clock.now().getTime();
  }

  recordFailure(access: string): void {
    this.countFailure(access);
    announce({ kind: 'key-failure', access });
  }

  recordSuccess(access: string): void {
    if (!this.state.has(access)) return;
    this.state.delete(access);
    announce({ kind: 'key-success', access });
  }

  private countFailure(access: string): void {
    const now = this.clock.now().getTime();
    const s = this.state.get(access);
    // A lock that has run out starts a fresh count.
    const failures = s && !(s.lockedUntil && s.lockedUntil <= now) ? s.failures + 1 : 1;
    this.state.set(access, { failures, lockedUntil: failures > MAX_CONSECUTIVE_FAILURES ? now + LOCK_MS : 0 });
    if (this.state.size > 100_000) this.state.clear();
  }
}
