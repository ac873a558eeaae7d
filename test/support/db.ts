import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/platform/db/database.ts';

/**
 * The dialect matrix: a test database is SQLite (a fresh file) unless TEST_DATABASE_URL names a
 * PostgreSQL server, in which case each test database is a fresh schema there. `npm test` runs
 * the suite once per dialect (.ci/run does both).
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const DIALECT = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDb {
  db: Db;
  url: string;
  schema?: string;
  dispose(): Promise<void>;
}

export async function createTestDb(options: { poolSize?: number } = {}): Promise<TestDb> {
  if (TEST_DATABASE_URL) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = await openDatabase(TEST_DATABASE_URL, { schema, poolSize: options.poolSize });
    return {
      db,
      url: TEST_DATABASE_URL,
      schema,
      dispose: async () => {
        await db.close();
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-test-'));
  const url = `sqlite://${path.join(dir, 'test.sqlite')}`;
  const db = await openDatabase(url);
  return {
    db,
    url,
    dispose: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
