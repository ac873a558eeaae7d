import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** Runs in the worker: a connection of its own that copies the WAL back into the database. */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or interrupted: the next round, or the main connection's own fallback, catches up.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the pages the WAL has gathered back
 * into the database file and syncs both; run by the writing connection (SQLite's default, every
 * 1000 pages), that is a pause of a millisecond or more on the event loop every few dozen grouped
 * commits. Here a worker thread runs a PASSIVE checkpoint (it never blocks the writer) every
 * `intervalMs`, on the second core. The writer keeps a high auto-checkpoint threshold as a fallback
 * should this thread fall behind or fail. Durability is unchanged: commits are in the WAL either way.
 */
export function startCheckpointer(file: string, options: { synchronous: string; intervalMs?: number }): Checkpointer {
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: { file, synchronous: options.synchronous, intervalMs: options.intervalMs ?? 100, module: require.resolve('better-sqlite3') },
  });
  worker.unref();
  // A failing checkpointer only leaves the work to the fallback; it must not take the server down.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: async () => {
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
