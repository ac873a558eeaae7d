import type { Clock, OffsetClock } from './clock.ts';
import type { Db } from './db/database.ts';
import type { Ids } from './ids.ts';
import type { SecretBox } from './secret-box.ts';
import type { Mode } from './config.ts';
import type { Logger } from 'pino';

/**
 * What every use case may depend on, passed in as one object. `clock` is business time (the
 * sandbox can move it); `wallClock` is real time for transport concerns: signature freshness,
 * token lifetimes and key lockouts, which must not jump when the sandbox clock does.
 */
export interface Deps {
  db: Db;
  clock: Clock;
  wallClock: Clock;
  ids: Ids;
  secretBox: SecretBox;
  mode: Mode;
  log: Logger;
  /** Present in sandbox mode: the clock the operator may set or advance. */
  sandboxClock?: OffsetClock;
}

export const iso = (d: Date): string => d.toISOString();
