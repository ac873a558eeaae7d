/**
 * The real server as a child process (`node --import tsx src/main.ts serve --port 0`), on a
 * database of its own: for the crash test, which kills it, and for the benchmark, which keeps the
 * load generator's CPU out of the server's process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the listening banner (migrations, recovery and seeding included). */
  startMs: number;
  /** Where the process's stdout (banner and JSON log) goes. */
  logFile: string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** SIGKILL: no drain, no close, no flush beyond what the OS does for a dead process. */
  kill(): Promise<string>;
  /** SIGTERM: the graceful shutdown path. */
  stop(): Promise<string>;
  /** Everything the process wrote to stderr so far, for failure messages. */
  stderr(): string;
}

export interface ServerOptions {
  dataDir: string;
  /** DATABASE_URL; SQLite in DATA_DIR when empty. */
  databaseUrl?: string;
  /** DATABASE_SCHEMA (PostgreSQL). */
  databaseSchema?: string;
  logLevel?: string;
  extraArgs?: string[];
  /** Node flags before --import tsx, e.g. --cpu-prof. */
  nodeFlags?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The processes `parent` started, from /proc: a cluster's workers, and tsx's esbuild service. */
export function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === parent) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** The server processes a `serve --workers N` primary started (its cluster workers run src/main.ts too). */
export function serverWorkersOf(primary: number): number[] {
  return childrenOf(primary).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/main.ts');
    } catch {
      return false;
    }
  });
}

export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  const started = performance.now();
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: options.dataDir,
    DATABASE_URL: options.databaseUrl ?? '',
    DATABASE_SCHEMA: options.databaseSchema ?? '',
    LOG_LEVEL: options.logLevel ?? 'warn',
    MODE: 'sandbox',
    ...options.env,
  };
  // stdout (the JSON log and the banner) goes to a file, as a deployment's would: a pipe that this
  // process drained only when its own event loop had time would throttle the server's logging.
  const logFile = path.join(options.dataDir, `server-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.log`);
  const logFd = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', 'src/main.ts', 'serve', '--port', '0', '--rate-limit-per-second', '0', ...(options.extraArgs ?? [])],
    { cwd: ROOT, env, stdio: ['ignore', logFd, 'pipe'] },
  );
  fs.closeSync(logFd);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  let exitedHow: string | undefined;
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => {
      exitedHow = signal ?? String(code);
      resolve(exitedHow);
    }),
  );
  const out = () => fs.readFileSync(logFile, 'utf8');
  const deadline = performance.now() + (options.timeoutMs ?? 60_000);
  let url: string | undefined;
  while (url === undefined) {
    const m = /listening on (http:\/\/[\d.:]+)/.exec(out());
    if (m) url = m[1]!;
    else if (exitedHow !== undefined) throw new Error(`server exited (${exitedHow}) before listening:\n${out()}\n${err}`);
    else if (performance.now() > deadline) {
      process.kill(child.pid!, 'SIGKILL');
      throw new Error(`server did not start in time:\n${out()}\n${err}`);
    } else await new Promise((r) => setTimeout(r, 25));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    startMs: performance.now() - started,
    exited,
    logFile,
    // Every process of the server at once: with WORKERS > 1 its cluster workers too.
    kill: async () => {
      if (exitedHow === undefined) for (const p of [pid, ...childrenOf(pid)]) process.kill(p, 'SIGKILL');
      return exited;
    },
    stop: async () => {
      if (exitedHow === undefined) process.kill(pid, 'SIGTERM');
      return exited;
    },
    stderr: () => err,
  };
}
