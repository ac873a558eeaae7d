#!/usr/bin/env node
// Runs every test file under test/ with Node's test runner (through tsx), once, against the
// dialect TEST_DATABASE_URL selects (SQLite when unset). Extra arguments filter files by substring.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.ts') && (filters.length === 0 || filters.some((f) => p.includes(f)))) files.push(path.relative(root, p));
  }
};
walk(path.join(root, 'test'));
files.sort();
const dialect = process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';
console.log(`running ${files.length} test files on ${dialect}`);
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(res.status ?? 1);
