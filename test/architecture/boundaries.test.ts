import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2]!).filter((s) => s.startsWith('.'));
}

const moduleOf = (file: string): string | null => {
  const rel = path.relative(path.join(src, 'modules'), file);
  return rel.startsWith('..') ? null : rel.split(path.sep)[0]!;
};

describe('architecture', () => {
  it('modules import other modules only through their index.ts', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(src)) {
      const from = moduleOf(file);
      for (const spec of importsOf(file)) {
        const target = path.resolve(path.dirname(file), spec);
        const to = moduleOf(target);
        if (to && to !== from && path.basename(target) !== 'index.ts') {
          offences.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(offences, []);
  });

  it('the platform kernel does not depend on business modules', () => {
    const offences = sourceFiles(path.join(src, 'platform')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => moduleOf(path.resolve(path.dirname(file), spec)) !== null)
        .map((spec) => `${path.relative(root, file)} imports ${spec}`),
    );
    assert.deepEqual(offences, []);
  });

  it('domain code reads time and ids only through the injected clock and id source', () => {
    const offences = sourceFiles(path.join(src, 'modules')).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const hits: string[] = [];
      if (/new Date\(\)|Date\.now\(\)/.test(text)) hits.push(`${path.relative(root, file)}: reads the system clock`);
      if (/Math\.random\(|randomUUID\(/.test(text)) hits.push(`${path.relative(root, file)}: makes its own random ids`);
      return hits;
    });
    assert.deepEqual(offences, []);
  });

  it('no float parsing of money in domain code', () => {
    const offences = sourceFiles(path.join(src, 'modules'))
      .filter((file) => /parseFloat\(|toFixed\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    assert.deepEqual(offences, []);
  });
});
