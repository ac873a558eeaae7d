import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { DIALECT } from '../support/db.ts';
import { composeDeps } from '../../src/compose.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { demoActor, seedDemo } from '../../src/modules/sandbox/index.ts';
import { sendVerificationCode } from '../../src/modules/customers/index.ts';
import type { Caller } from '../../src/platform/http/caller.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-cust-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

// The CLI works on the embedded SQLite database; the PostgreSQL run covers the same use cases through the API.
describe('customers: the CLI reads the verification outbox and works the review queue', { skip: DIALECT !== 'sqlite' }, () => {
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints the codes sent to a number, and shows and sets the review policy', async () => {
    const deps = await composeDeps(loadConfig({ MODE: 'sandbox', DATA_DIR: dataDir }, {}), { log: pino({ level: 'silent' }) });
    try {
      await seedDemo(deps);
      const d = demoActor('distributor');
      const caller: Caller = { accountId: d.accountId, accountName: d.accountName, userId: 'u', role: 'distributor', partnerType: 'distributor', parentId: null, credential: 'aksk', delegatedBy: null };
      await sendVerificationCode(deps, caller, { receiver_type: 1, mobile_phone: '13700000001' });
    } finally {
      await deps.db.close();
    }
    const list = cli('verification-codes', 'list', '--mobile', '13700000001', '--json');
    assert.equal(list.status, 0, list.stderr);
    const out = JSON.parse(list.stdout) as { count: number; messages: Array<{ code: string; recipient: string }> };
    assert.equal(out.count, 1);
    assert.match(out.messages[0]!.code, /^\d{6}$/);

    assert.deepEqual(JSON.parse(cli('realname', 'policy', 'approve').stdout), { auto_decision: 'approve' });
    const bad = cli('realname', 'policy', 'sometimes');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /PBSS.0400/);
    assert.match(cli('realname', 'approve', 'nope').stderr, /PBSS.0404/);
  });
});
