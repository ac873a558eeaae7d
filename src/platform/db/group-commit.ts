import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { forgetOnceMarks } from './transaction-once.ts';
import { discardSince, flushWriteBehind, openWriteBehind, writeBehindMark } from './write-behind.ts';

export type TransactionWork<T, R = undefined> = (trx: Transaction<DB>, prepared: R) => Promise<T>;

/**
 * A step of a work that can be run for a whole group at once, before any work of the group: the
 * works whose preludes share `batch` get theirs in one call (one statement instead of one per
 * work), and each receives its result. Idempotency claims are one: they lock no shared row, so a
 * group claims every key before it takes the hot balances' locks, and holds those locks that much
 * shorter. A batch must be a function of its items alone, return one result per item, in their
 * order, and have no effect outside the transaction. When a work of the group fails, the group is
 * run again one work at a time (see below), each work's prelude then in a batch of one inside the
 * work's savepoint, so that a failed work leaves nothing of its prelude behind.
 */
export interface Prelude<I = unknown, R = unknown> {
  batch: (trx: Transaction<DB>, items: I[]) => Promise<R[]>;
  item: I;
}

export interface GroupCommit {
  /**
   * Runs `work` as if in a transaction of its own, but shares one database transaction (and so one
   * commit) with the works that arrived while the previous group was running. Resolves only after
   * that transaction committed; rejects with the work's own error, having undone only that work.
   */
  run<T, R = undefined, I = unknown>(work: TransactionWork<T, R>, prelude?: Prelude<I, R>): Promise<T>;
  /** Resolves once every queued work has been settled. */
  drain(): Promise<void>;
}

interface Job {
  work: TransactionWork<unknown, unknown>;
  prelude: Prelude | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const SAVEPOINT = CompiledQuery.raw('savepoint pbss_job');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint pbss_job');

/**
 * Group commit, as TigerBeetle batches transfers: concurrent works are coalesced into one database
 * transaction so that its fixed costs (BEGIN, COMMIT, the WAL write and fsync, the pages touched by
 * every movement) are paid once per group instead of once per work. Each work still runs alone
 * inside its group, in arrival order, and is isolated from the others by a savepoint: a work that
 * throws is rolled back to its savepoint and rejected, and the others carry on. The successful
 * works are resolved after COMMIT returns, so nothing is acknowledged before it is durable; if the
 * commit fails, they all reject with its error (none of them happened).
 *
 * Savepoints cost a statement per work (a round trip on PostgreSQL), and most groups have no
 * failure. So a group is first run speculatively without them; if any work throws, that whole
 * transaction is rolled back, nothing of it is reported, and the group runs again with savepoints,
 * which is the run whose outcomes count (the failing work is re-evaluated there, in the state the
 * others leave). After a group with a failure, the next ones use savepoints straight away until one
 * passes cleanly, so that a run of failures does not make every group run twice. So a work may
 * run twice: its effects must stay inside the transaction (ids and timestamps it draws are simply
 * drawn again), and a failure it reports must be one it would report again.
 *
 * Rows the works append and do not read back (postings, records, events: write-behind.ts) are
 * buffered for the group and written before COMMIT: one statement per table on SQLite, one
 * statement for all on PostgreSQL. The speculative run is all-or-nothing (write-behind's
 * allOrNothing), which lets the ledger hold each account once for the whole group
 * (modules/ledger/post-in-group.ts).
 *
 * One group runs at a time per database, which SQLite requires anyway (a single writer) and which
 * on PostgreSQL keeps the hot rows of a group locked by one transaction instead of many queueing
 * on each other. A group holds at most `maxGroup` works (PostgreSQL keeps 64 subtransactions per
 * backend in shared memory; beyond that every snapshot gets slower).
 */
export function createGroupCommit(kysely: Kysely<DB>, options: { maxGroup?: number } = {}): GroupCommit {
  const maxGroup = options.maxGroup ?? 64;
  const queue: Job[] = [];
  let running: Promise<void> | null = null;
  let speculate = true;

  /**
   * Without savepoints, the group taken from the queue once the transaction has begun (`take`). On
   * SQLite BEGIN IMMEDIATE may wait for another process to release the write lock, and the requests
   * that arrive meanwhile join the group instead of waiting for the next one. Returns the group to
   * run again with savepoints, having changed nothing, when a work threw; null when it is settled.
   */
  const runSpeculatively = async (take: () => Job[]): Promise<Job[] | null> => {
    const values: unknown[] = [];
    let workFailed = false;
    let taken = false;
    let group: Job[] = [];
    try {
      await kysely.transaction().execute(async (trx) => {
        group = take();
        taken = true;
        openWriteBehind(trx, { allOrNothing: { works: group.length } });
        let prepared: unknown[];
        try {
          prepared = await runPreludes(trx, group);
        } catch (error) {
          workFailed = true;
          throw error;
        }
        for (const [i, job] of group.entries()) {
          try {
            values.push(await job.work(trx, prepared[i]));
          } catch (error) {
            workFailed = true;
            throw error;
          }
        }
        // A flush that fails (a row a work appended breaks a constraint: an entry's ref already
        // used, say) is put down to the works, as if one of them had thrown: with savepoints, the
        // work at fault meets the constraint in its own savepoint.
        try {
          await flushWriteBehind(trx);
        } catch (error) {
          workFailed = true;
          throw error;
        }
      });
    } catch (error) {
      // A transaction that did not even begin fails the works it would have run.
      if (!taken) group = take();
      if (workFailed) return group;
      for (const job of group) job.reject(error);
      return null;
    }
    group.forEach((job, i) => job.resolve(values[i]));
    return null;
  };

  /** Each work in a savepoint of its own. Returns whether every work succeeded. */
  const runWithSavepoints = async (group: Job[]): Promise<boolean> => {
    const done: Array<{ job: Job; value: unknown }> = [];
    try {
      await kysely.transaction().execute(async (trx) => {
        // Savepoints are not released: a RELEASE costs a statement and changes nothing, since
        // COMMIT keeps every savepoint's work anyway. So each work runs in a savepoint nested in
        // the previous ones; after a failure, the savepoint it rolled back to is still there,
        // fresh, for the next work.
        let fresh = false;
        openWriteBehind(trx);
        for (const job of group) {
          if (!fresh) await trx.executeQuery(SAVEPOINT);
          fresh = false;
          const mark = writeBehindMark(trx);
          try {
            done.push({ job, value: await job.work(trx, await preludeAlone(trx, job.prelude)) });
          } catch (error) {
            // Undo this work only; if even that fails, the transaction is lost and the catch
            // below rejects every work of the group.
            await trx.executeQuery(ROLLBACK_TO);
            forgetOnceMarks(trx);
            discardSince(trx, mark);
            fresh = true;
            job.reject(error);
          }
        }
        await flushWriteBehind(trx);
      });
    } catch (error) {
      // The transaction is gone: none of the group happened. A promise ignores a second
      // settlement, so the works already rejected stay rejected with their own errors.
      for (const job of group) job.reject(error);
      return false;
    }
    for (const { job, value } of done) job.resolve(value);
    return done.length === group.length;
  };

  const runGroup = async (): Promise<void> => {
    const take = () => queue.splice(0, maxGroup);
    const again = speculate ? await runSpeculatively(take) : take();
    if (again) speculate = await runWithSavepoints(again);
  };

  // A group starts on the next turn of the event loop, not at once: better-sqlite3 answers
  // synchronously, so a group started at once would run and commit its single work before any other
  // request had been read from its socket. Waiting one turn lets every request already received
  // reach the queue first, at the cost of that turn's latency when the server is idle.
  let scheduled = false;
  const start = (): void => {
    scheduled = false;
    if (running || queue.length === 0) return;
    running = runGroup().finally(() => {
      running = null;
      pump();
    });
  };
  const pump = (): void => {
    if (running || scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(start);
  };

  return {
    run<T, R = undefined, I = unknown>(work: TransactionWork<T, R>, prelude?: Prelude<I, R>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work: work as TransactionWork<unknown, unknown>, prelude: prelude as unknown as Prelude | undefined, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });
    },
    async drain() {
      while (running || queue.length > 0) await (running ?? new Promise((r) => setImmediate(r)));
    },
  };
}

/** A work's prelude run for that work alone (a batch of one); undefined without one. */
export async function preludeAlone<R>(trx: Transaction<DB>, prelude: Prelude<unknown, R> | undefined): Promise<R | undefined> {
  return prelude ? (await prelude.batch(trx, [prelude.item]))[0] : undefined;
}

/** The preludes of a group, one batch call per batch function: each job's result, by job index. */
async function runPreludes(trx: Transaction<DB>, group: readonly Job[]): Promise<unknown[]> {
  const results: unknown[] = new Array(group.length);
  const batches = new Map<Prelude['batch'], number[]>();
  group.forEach((job, i) => {
    if (!job.prelude) return;
    const indexes = batches.get(job.prelude.batch);
    if (indexes) indexes.push(i);
    else batches.set(job.prelude.batch, [i]);
  });
  for (const [batch, indexes] of batches) {
    const out = await batch(trx, indexes.map((i) => group[i]!.prelude!.item));
    if (out.length !== indexes.length) throw new Error(`a prelude batch returned ${out.length} results for ${indexes.length} items`);
    indexes.forEach((jobIndex, k) => (results[jobIndex] = out[k]));
  }
  return results;
}
