import cluster from 'node:cluster';

/**
 * Messages between the server processes of one `serve --workers N` (node:cluster): a worker tells
 * the primary, which passes it on to the other workers. Only facts that a process keeps in memory
 * and must not keep stale are announced: the sandbox clock moved (each receiver re-reads it from
 * the database), a signature failure or success for an access key (so that the lockout after five
 * failures in a row counts them across processes), an access key revoked (dropped from every
 * process's key cache at once). Outside a cluster worker, announcing does nothing.
 */
export type ClusterNotice =
  | { kind: 'clock-changed' }
  | { kind: 'key-failure'; access: string }
  | { kind: 'key-success'; access: string }
  | { kind: 'key-revoked'; access: string };

interface Envelope {
  pbss: ClusterNotice;
}

/** Tells the other server processes (no-op outside a cluster worker). */
export function announce(notice: ClusterNotice): void {
  if (cluster.isWorker && process.send) process.send({ pbss: notice } satisfies Envelope);
}

/** The notice a cluster message carries, or null for anything else. */
export function noticeOf(message: unknown): ClusterNotice | null {
  const notice = (message as Partial<Envelope> | null)?.pbss;
  if (!notice || typeof notice !== 'object') return null;
  switch (notice.kind) {
    case 'clock-changed':
      return { kind: notice.kind };
    case 'key-failure':
    case 'key-success':
    case 'key-revoked':
      return typeof notice.access === 'string' && notice.access.length <= 128 ? { kind: notice.kind, access: notice.access } : null;
    default:
      return null;
  }
}

/** Calls `handler` with every notice another server process announces (cluster workers only). */
export function onNotice(handler: (notice: ClusterNotice) => void): void {
  if (!cluster.isWorker) return;
  process.on('message', (message: unknown) => {
    const notice = noticeOf(message);
    if (notice) handler(notice);
  });
}
