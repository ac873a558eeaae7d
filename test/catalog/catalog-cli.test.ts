import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DIALECT } from '../support/db.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-catalog-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

// The CLI works on the embedded SQLite database; the PostgreSQL run covers the same use cases through the API.
describe('catalog CLI', { skip: DIALECT !== 'sqlite' }, () => {
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('loads the default catalog, exports it as JSON and CSV, and imports both back', () => {
    assert.equal(cli('catalog', 'load-default').stdout.trim(), 'default catalog loaded');
    assert.equal(cli('catalog', 'load-default').stdout.trim(), 'default catalog already loaded');
    const json = path.join(dataDir, 'catalog.json');
    assert.equal(cli('catalog', 'export', '--out', json).status, 0);
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as { prices: unknown[] };
    assert.equal(doc.prices.length, 158);
    const csvDir = path.join(dataDir, 'csv');
    assert.equal(cli('catalog', 'export', '--format', 'csv', '--out', csvDir).status, 0);
    assert.ok(fs.existsSync(path.join(csvDir, 'prices.csv')) && fs.existsSync(path.join(csvDir, 'resource_specs.csv')));
    const fromCsv = cli('catalog', 'import', csvDir);
    assert.equal(fromCsv.status, 0, fromCsv.stderr);
    assert.equal((JSON.parse(fromCsv.stdout) as { imported: { prices: number } }).imported.prices, 158);
    const fromJson = cli('catalog', 'import', json);
    assert.equal(fromJson.status, 0, fromJson.stderr);
    const again = path.join(dataDir, 'again.json');
    cli('catalog', 'export', '--out', again);
    assert.deepEqual(JSON.parse(fs.readFileSync(again, 'utf8')), doc);
    const one = cli('catalog', 'export', '--format', 'csv', '--table', 'regions');
    assert.match(one.stdout, /^code,name_zh,name_en\r?\ncn-north-4,华北-北京四,CN North-Beijing4/);
  });

  it('refuses an invalid file with the row named, changing nothing', () => {
    const bad = path.join(dataDir, 'prices.csv');
    fs.writeFileSync(bad, 'book_code,service_type_code,resource_type_code,spec_code,region_code,charge_kind,basis,tiers\nlist-2024,hws.service.type.ec2,hws.resource.type.vm,nope,*,period,flat,*:1\n');
    const res = cli('catalog', 'import', bad);
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /PBSS\.0400: invalid catalog: prices\[0\] names unknown spec/);
  });
});
