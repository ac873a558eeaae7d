import path from 'node:path';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { Config } from './platform/config.ts';
import { OffsetClock, systemClock, type Clock } from './platform/clock.ts';
import { openDatabase, type Db } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import type { Deps } from './platform/deps.ts';
import { randomIds, type Ids } from './platform/ids.ts';
import { createSecretBox, loadMasterKey } from './platform/secret-box.ts';
import { localFolderStore, type ObjectStore } from './platform/object-store.ts';
import { outboxSender, type MessageSender } from './platform/outbox.ts';
import { cryptoRandom, type RandomSource } from './platform/random.ts';
import { readClockOffset } from './modules/sandbox/index.ts';

export interface ComposeOverrides {
  db?: Db;
  wallClock?: Clock;
  ids?: Ids;
  log?: Logger;
  random?: RandomSource;
  objectStore?: ObjectStore;
  messageSender?: MessageSender;
}

/** Opens the database, brings it to the latest migration and assembles the use cases' dependencies. */
export async function composeDeps(config: Config, overrides: ComposeOverrides = {}): Promise<Deps> {
  const db = overrides.db ?? (await openDatabase(config.databaseUrl, { schema: config.databaseSchema }));
  await migrateToLatest(db);
  const wallClock = overrides.wallClock ?? systemClock;
  const log = overrides.log ?? pino({ level: config.logLevel });
  const secretBox = createSecretBox(loadMasterKey(config.masterKey, config.dataDir));
  const services = {
    random: overrides.random ?? cryptoRandom,
    objectStore: overrides.objectStore ?? localFolderStore(path.join(config.dataDir, 'objects')),
    messageSender: overrides.messageSender ?? outboxSender,
  };
  if (config.mode === 'sandbox') {
    const sandboxClock = new OffsetClock(await readClockOffset(db.kysely), wallClock);
    return { db, clock: sandboxClock, wallClock, ids: overrides.ids ?? randomIds, secretBox, mode: 'sandbox', log, ...services, sandboxClock };
  }
  return { db, clock: wallClock, wallClock, ids: overrides.ids ?? randomIds, secretBox, mode: 'production', log, ...services };
}
