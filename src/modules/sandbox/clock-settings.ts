import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { OffsetClock } from '../../platform/clock.ts';
import { announce } from '../../platform/cluster-messages.ts';
import type { Conn } from '../identity/index.ts';

const KEY = 'clock.offset_ms';

export async function readClockOffset(db: Conn): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

async function writeClockOffset(db: Conn, offset: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: KEY, value: String(offset) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(offset) }))
    .execute();
}

function sandboxClock(deps: Deps): OffsetClock {
  if (deps.mode !== 'sandbox' || !deps.sandboxClock) {
    throw new AppError('PBSS.0403', 'clock control is available in sandbox mode only');
  }
  return deps.sandboxClock;
}

export interface ClockState {
  now: string;
  offset_ms: number;
  mode: Deps['mode'];
}

export const clockState = (deps: Deps): ClockState => ({
  now: deps.clock.now().toISOString(),
  offset_ms: deps.sandboxClock?.offset ?? 0,
  mode: deps.mode,
});

/** Sets business time. Time may only move forward: jobs already run cannot be un-run. */
export async function setClock(deps: Deps, at: Date): Promise<ClockState> {
  const clock = sandboxClock(deps);
  if (Number.isNaN(at.getTime())) throw new AppError('PBSS.0400', 'now must be an ISO-8601 instant');
  if (at.getTime() < clock.now().getTime()) throw new AppError('PBSS.0400', 'the sandbox clock only moves forward');
  const offset = clock.setNow(at);
  await writeClockOffset(deps.db.kysely, offset);
  announce({ kind: 'clock-changed' });
  return clockState(deps);
}

export async function advanceClock(deps: Deps, seconds: number): Promise<ClockState> {
  const clock = sandboxClock(deps);
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds > 20 * 366 * 86400) {
    throw new AppError('PBSS.0400', 'seconds must be a positive whole number of at most 20 years');
  }
  clock.setOffset(clock.offset + seconds * 1000);
  await writeClockOffset(deps.db.kysely, clock.offset);
  announce({ kind: 'clock-changed' });
  return clockState(deps);
}

/** Picks up a change made by another process (the CLI) on the same database. */
export async function syncClock(deps: Deps): Promise<void> {
  if (!deps.sandboxClock) return;
  const offset = await readClockOffset(deps.db.kysely);
  if (offset > deps.sandboxClock.offset) deps.sandboxClock.setOffset(offset);
}
