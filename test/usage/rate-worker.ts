/**
 * A rating worker in a process of its own, for the exactly-once tests: rates every due record of
 * the database named by argv (url, schema or '-', business time ISO, batch size). With HANG=1 it
 * stops inside its first transaction, after writing everything, and says so on stdout (to be
 * SIGKILLed there).
 */
import { openDatabase } from '../../src/platform/db/database.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { randomIds } from '../../src/platform/ids.ts';
import { rateAllDue } from '../../src/modules/usage/index.ts';

const [url, schema, at, limit] = process.argv.slice(2) as [string, string, string, string];
const db = await openDatabase(url, schema && schema !== '-' ? { schema } : {});
const deps = { db, clock: new ManualClock(new Date(at)), ids: randomIds };
const result = await rateAllDue(deps, {
  limit: Number(limit),
  beforeCommit: process.env.HANG === '1'
    ? async () => {
        process.stdout.write('HANG\n');
        await new Promise(() => undefined);
      }
    : undefined,
});
process.stdout.write(JSON.stringify(result) + '\n');
await db.close();
