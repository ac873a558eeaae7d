/**
 * Builds the web consoles (web/ → web/dist) when the build is missing or older than its sources,
 * so that `npm start` (prestart) and the browser tests always serve a current build with no
 * separate step. `--force` builds regardless. Concurrent runs (two test files, a test and a
 * start) wait for each other through a lock directory instead of building twice.
 *
 * Without the build tools (an install with --omit=dev) an existing build is served as it is, and a
 * missing one is reported: the server still starts and /console says how to build it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const stampFile = path.join(dist, '.build-stamp.json');
const lockDir = path.join(web, '.build-lock');
const SOURCES = [path.join(web, 'src'), path.join(web, 'public'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(web, 'tsconfig.json'), path.join(root, 'package-lock.json')];
const LOCK_STALE_MS = 5 * 60_000;

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Whether web/dist was built from sources at least as new as the current ones. */
export function consoleBuildIsCurrent(): boolean {
  if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { sourcesAt?: number };
    return typeof stamp.sourcesAt === 'number' && Math.max(...SOURCES.map(newestMtime)) <= stamp.sourcesAt;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) fs.rmSync(lockDir, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function viteAvailable(): Promise<boolean> {
  try {
    await import('vite');
    return true;
  } catch {
    return false;
  }
}

/** Builds when needed; resolves to what happened. */
export async function ensureConsoleBuilt(options: { force?: boolean; quiet?: boolean } = {}): Promise<'current' | 'built' | 'unavailable'> {
  const log = (s: string) => options.quiet || console.log(s);
  if (!options.force && consoleBuildIsCurrent()) return 'current';
  if (!(await viteAvailable())) {
    if (fs.existsSync(path.join(dist, 'index.html'))) {
      log('console: the build tools are not installed; serving the existing web/dist as it is');
      return 'current';
    }
    console.warn('console: web/dist is missing and the build tools are not installed (npm install without --omit=dev, then npm run build:web)');
    return 'unavailable';
  }
  return withLock(async () => {
    // Another process may have built it while this one waited.
    if (!options.force && consoleBuildIsCurrent()) return 'current';
    const sourcesAt = Math.max(...SOURCES.map(newestMtime));
    const started = Date.now();
    log('console: building web/dist …');
    const { build } = await import('vite');
    // Always a production bundle, whatever NODE_ENV the caller runs under: the test runner sets
    // "test", which Vite would pass on, shipping React's and antd's development warnings.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: options.quiet ? 'error' : 'warn' });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    fs.writeFileSync(stampFile, JSON.stringify({ sourcesAt, builtAt: new Date().toISOString() }) + '\n');
    log(`console: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 'built';
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await ensureConsoleBuilt({ force: process.argv.includes('--force') });
  if (result === 'current' && !process.argv.includes('--quiet')) console.log('console: web/dist is up to date');
}
