/**
 * The real server as a child process (`node --import tsx src/main.ts serve --port 0`), on a
 * database of its own: for the crash test, which kills it, and for the benchmark, which keeps the
 * load generator's CPU out of the server's process.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the listening banner (migrations, recovery and seeding included). */
  startMs: number;
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
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', 'src/main.ts', 'serve', '--port', '0', '--rate-limit-per-second', '0', ...(options.extraArgs ?? [])],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}\n${err}`)), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${how}) before listening:\n${out}\n${err}`));
    });
  });
  // Keep draining stdout so that a chatty child never blocks on a full pipe.
  child.stdout.resume();
  const pid = child.pid!;
  return {
    url,
    pid,
    startMs: performance.now() - started,
    exited,
    kill: async () => {
      process.kill(pid, 'SIGKILL');
      return exited;
    },
    stop: async () => {
      process.kill(pid, 'SIGTERM');
      return exited;
    },
    stderr: () => err,
  };
}
