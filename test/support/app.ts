import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.ts';
import { composeDeps } from '../../src/compose.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { seedDemo } from '../../src/modules/sandbox/index.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestApp {
  url: string;
  app: FastifyInstance;
  deps: Deps;
  testDb: TestDb;
  close(): Promise<void>;
}

/**
 * A real server on a real database (SQLite file or a PostgreSQL schema), with the demo actors
 * seeded, listening on an ephemeral loopback port.
 */
export async function startTestApp(
  options: Partial<AppOptions> & { wallClock?: Clock; mode?: 'sandbox' | 'production'; seed?: boolean } = {},
): Promise<TestApp> {
  const testDb = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-data-'));
  const config = loadConfig({ MODE: options.mode ?? 'sandbox', DATA_DIR: dataDir, MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }, {});
  const log = pino({ level: 'silent' });
  const deps = await composeDeps(config, { db: testDb.db, wallClock: options.wallClock, log });
  if (options.seed !== false && deps.mode === 'sandbox') await seedDemo(deps);
  const app = await buildApp(deps, {
    rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
    rateLimitOverrides: options.rateLimitOverrides ?? {},
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    logger: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
    publicUrl: () => url,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    app,
    deps,
    testDb,
    close: async () => {
      await app.close();
      await testDb.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
