import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DIALECT } from '../support/db.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
}

// The CLI works on the embedded SQLite database; the PostgreSQL run covers the same use cases through the API.
describe('the partner-bss CLI', { skip: DIALECT !== 'sqlite' }, () => {
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints the demo credentials as JSON', () => {
    const res = cli('demo', 'credentials', '--json');
    assert.equal(res.status, 0, res.stderr);
    const creds = JSON.parse(res.stdout) as { actors: Array<{ key: string; account_id: string; access_key: string; secret_key: string }> };
    const keys = creds.actors.map((a) => a.key);
    for (const k of ['operator', 'distributor', 'reseller_one', 'reseller_two', 'solution_provider', 'resale_customer', 'referral_customer']) {
      assert.ok(keys.includes(k), `missing ${k}`);
    }
  });

  it('creates a partner and issues it a key', () => {
    const p = cli('partners', 'create', '--name', 'cli-distributor', '--type', 'distributor');
    assert.equal(p.status, 0, p.stderr);
    const partner = JSON.parse(p.stdout) as { id: string };
    const k = cli('keys', 'issue', '--account-id', partner.id);
    assert.equal(k.status, 0, k.stderr);
    assert.match((JSON.parse(k.stdout) as { access: string }).access, /^[A-Z0-9]{20}$/);
    const bad = cli('partners', 'create', '--name', 'cli-distributor', '--type', 'distributor');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /PBSS.0409/);
  });

  it('serves until SIGTERM, then drains and exits cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('refuses to start in production mode on a database holding demo keys', () => {
    const res = cli('serve', '--mode', 'production', '--port', '0');
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /demo/);
  });
});
