/**
 * All time in the platform comes from a Clock. Production uses the system clock; the sandbox
 * clock adds an operator-controlled offset so that renewals, expiries and token lifetimes can be
 * driven forward without waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock shifted by an offset that the operator can set or advance (sandbox mode only). */
export class OffsetClock implements Clock {
  constructor(
    private offsetMs = 0,
    private readonly base: Clock = systemClock,
  ) {}
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
  get offset(): number {
    return this.offsetMs;
  }
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
  /** Sets the clock so that now() returns `at`. Returns the new offset. */
  setNow(at: Date): number {
    this.offsetMs = at.getTime() - this.base.now().getTime();
    return this.offsetMs;
  }
}

/** A clock that only moves when told to: for deterministic tests. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
