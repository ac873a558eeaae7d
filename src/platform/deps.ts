import type { Clock, OffsetClock } from './clock.ts';
import type { Db } from './db/database.ts';
import type { Ids } from './ids.ts';
import type { SecretBox } from './secret-box.ts';
import type { Mode } from './config.ts';
import type { Logger } from 'pino';
import type { ObjectStore } from './object-store.ts';
import type { MessageSender } from './outbox.ts';
import type { RandomSource } from './random.ts';

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
  /** Randomness for codes people type (verification codes); ids come from `ids`. */
  random: RandomSource;
  /** Uploaded files (real-name attachments): a folder under DATA_DIR unless replaced. */
  objectStore: ObjectStore;
  /** SMS and mail to people, written within the caller's transaction (default: the outbox table). */
  messageSender: MessageSender;
  /** Present in sandbox mode: the clock the operator may set or advance. */
  sandboxClock?: OffsetClock;
}

export const iso = (d: Date): string => d.toISOString();
