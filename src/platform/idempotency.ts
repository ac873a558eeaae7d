import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Db } from './db/database.ts';
import type { DB } from './db/schema.ts';
import { AppError } from './errors.ts';
import { reusableQuery, slotRows } from './db/reusable-query.ts';
import { isSqlite, unnestInsert, type UnnestColumn } from './db/dialect.ts';
import { appendLater, dialectFlush, type FlushRows } from './db/write-behind.ts';

/**
 * Idempotency for requests that move money. A request may carry a client-chosen key; its scope is
 * the caller's account and the operation. The key is claimed in the same transaction as the effect
 * and the response is stored with it, so that:
 * - a retry with the same key and the same request gets the stored response and moves nothing;
 * - the same key with a different request is refused (PBSS.0422) and moves nothing;
 * - concurrent requests with one key produce one effect: the unique index makes the second claim
 *   wait for the first transaction, then see its row.
 * Only successes are stored: a request that failed moved nothing, and its retry is evaluated afresh.
 */
export interface IdempotencyClaim {
  /** The caller's account (a partner and its operators share it), or `operator` for the operator plane. */
  scope: string;
  operation: string;
  key: string;
  /** sha256 of the request's canonical form: see requestHash. */
  requestHash: string;
}

export const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;

/** JSON with object keys sorted, so that equal requests hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const requestHash = (request: unknown): string => createHash('sha256').update(canonicalJson(request)).digest('hex');

/** PostgreSQL's deadlock and serialization failures: the transaction did nothing and may be run again. */
const RETRYABLE_PG_CODES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` in one transaction, claiming `claim` (when given) in that same transaction. The result
 * must be JSON (it is what gets stored and replayed). The transaction is shared with concurrent
 * money requests (group commit: Db.inGroupCommit), each in a savepoint of its own, and the result
 * is returned only once it committed. Work that PostgreSQL aborts for a deadlock or a serialization
 * failure is run again, a bounded number of times.
 */
export async function runIdempotent<T>(
  db: Db,
  claim: IdempotencyClaim | null,
  at: string,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (!claim) return await db.inGroupCommit((trx) => work(trx));
      return await db.inGroupCommit<T, ClaimOutcome, IdempotencyClaim & { at: string }>((trx, outcome) => claimed(trx, claim, outcome, work), { batch: claimKeys, item: { ...claim, at } });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE_PG_CODES.has(code)) throw e;
    }
  }
}

/** A claim's row id when this claim inserted it; null when the key was there already. */
type ClaimOutcome = number | null;

/**
 * Claims the keys of a group's money requests in one statement (a group commit prelude), in key
 * order, so that two groups claiming the same keys wait on each other in one order and cannot
 * deadlock. A key that two requests of the group share is claimed for the first of them; the
 * others find it taken, as they would after it committed.
 */
async function claimKeys(trx: Transaction<DB>, claims: Array<IdempotencyClaim & { at: string }>): Promise<ClaimOutcome[]> {
  const idOf = (c: IdempotencyClaim) => JSON.stringify([c.scope, c.operation, c.key]);
  const first = new Map<string, number>();
  claims.forEach((c, i) => {
    if (!first.has(idOf(c))) first.set(idOf(c), i);
  });
  const order = [...first.keys()].sort();
  const rows = order.map((k) => {
    const c = claims[first.get(k)!]!;
    return { account_id: c.scope, operation: c.operation, key: c.key, request_hash: c.requestHash, status: 'pending' as const, response_body: null, created_at: c.at };
  });
  const { rows: inserted } = isSqlite(trx)
    ? await claimManyQuery(trx, { rows }, rows.length)
    : await sql<{ id: number | string; account_id: string; operation: string; key: string }>`${unnestInsert('idempotency_keys', CLAIM_ARRAYS, rows)}
        on conflict (account_id, operation, key) do nothing returning id, account_id, operation, key`.execute(trx);
  const ids = new Map(inserted.map((r) => [idOf({ scope: r.account_id, operation: r.operation, key: r.key, requestHash: '' }), Number(r.id)]));
  return claims.map((c, i) => (first.get(idOf(c)) === i ? (ids.get(idOf(c)) ?? null) : null));
}

async function claimed<T>(trx: Transaction<DB>, claim: IdempotencyClaim, claimedId: ClaimOutcome, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const key = { scope: claim.scope, operation: claim.operation, key: claim.key };
  if (claimedId === null) {
    const row = (await storedQuery(trx, key)).rows[0];
    if (!row) throw new Error('idempotency key row vanished');
    if (row.request_hash !== claim.requestHash) {
      throw new AppError('PBSS.0422', 'the idempotency key (X-Idempotency-Key) was already used with a different request');
    }
    // A pending row is only ever visible inside the transaction that wrote it: an earlier work of
    // the same group commit, whose completion waits in the write-behind buffer.
    if (row.status !== 'completed' || row.response_body === null) {
      const body = completedInTransaction.get(trx)?.get(Number(row.id));
      if (body === undefined) throw new Error('idempotency key row is not completed');
      return JSON.parse(body) as T;
    }
    // The stored response is the JSON of a T written by this same operation.
    return JSON.parse(row.response_body) as T;
  }
  const result = await work(trx);
  const completion = { id: claimedId, body: JSON.stringify(result) };
  let known = completedInTransaction.get(trx);
  if (!known) completedInTransaction.set(trx, (known = new Map()));
  known.set(completion.id, completion.body);
  await appendLater(trx, writeCompletions, [completion]);
  return result;
}

/**
 * Completions not yet written, by transaction: a retry with the same key later in the same group
 * commit reads its answer here. Ids are never reused, so an entry left by a work that was rolled
 * back to its savepoint can match no row.
 */
const completedInTransaction = new WeakMap<object, Map<number, string>>();

/** Marks claimed keys completed with their responses: one statement for all of them. */
const writeCompletions: FlushRows<{ id: number; body: string }> = dialectFlush(
  // SQLite: the completions as one JSON array of [id, body] pairs.
  (conn, rows) =>
    sql`update idempotency_keys set status = 'completed', response_body = v.body
      from (select value ->> 0 as id, value ->> 1 as body from json_each(${JSON.stringify(rows.map((r) => [r.id, r.body]))})) as v
      where idempotency_keys.id = v.id`.execute(conn),
  (_conn, rows) => sql`update idempotency_keys set status = 'completed', response_body = v.body
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.body)}::text[]) as v(id, body)
    where idempotency_keys.id = v.id`,
);

// Every money request runs these: compiled once (reusableQuery), not built at each call.
const CLAIM_COLUMNS = ['account_id', 'operation', 'key', 'request_hash', 'status', 'response_body', 'created_at'] as const;
type ClaimRow = { account_id: string; operation: string; key: string; request_hash: string; status: 'pending'; response_body: null; created_at: string };
const CLAIM_ARRAYS: ReadonlyArray<UnnestColumn<ClaimRow>> = [
  ['account_id', 'varchar'],
  ['operation', 'varchar'],
  ['key', 'varchar'],
  ['request_hash', 'varchar'],
  ['status', 'varchar'],
  ['response_body', 'text'],
  ['created_at', 'varchar'],
];
// SQLite: a multi-row insert per row count; PostgreSQL: one array per column (unnestInsert), in key order.
const claimManyQuery = reusableQuery((db, _p: { rows: ClaimRow[] }, count: number) =>
  db
    .insertInto('idempotency_keys')
    .values(slotRows<ClaimRow>(count, CLAIM_COLUMNS))
    .onConflict((oc) => oc.columns(['account_id', 'operation', 'key']).doNothing())
    .returning(['id', 'account_id', 'operation', 'key']),
);

const storedQuery = reusableQuery((db, p: { scope: string; operation: string; key: string }) =>
  db
    .selectFrom('idempotency_keys')
    .select(['id', 'request_hash', 'status', 'response_body'])
    .where('account_id', '=', p.scope)
    .where('operation', '=', p.operation)
    .where('key', '=', p.key),
);

/**
 * How long a key keeps its answer, in business time: a retry later than this is a new request. The
 * daily housekeeping job (platform/jobs/maintenance.ts) deletes older keys.
 */
export const IDEMPOTENCY_KEY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Deletes the keys claimed before `before` (an ISO instant), oldest first, `batch` at a time, each
 * batch its own statement so that a large purge never holds the write lock for long. Keys are
 * claimed in id order on a clock that only moves forward, so they are the ids below the first one
 * claimed at or after `before`, which a walk of the primary key from the oldest finds without an
 * index on created_at. Returns how many were deleted.
 */
export async function purgeIdempotencyKeys(db: Kysely<DB>, before: string, batch = 5_000): Promise<number> {
  const firstKept = await db.selectFrom('idempotency_keys').select('id').where('created_at', '>=', before).orderBy('id').limit(1).executeTakeFirst();
  const below = firstKept ? Number(firstKept.id) : Number.MAX_SAFE_INTEGER;
  let deleted = 0;
  for (;;) {
    const result = await db
      .deleteFrom('idempotency_keys')
      .where('id', 'in', (eb) => eb.selectFrom('idempotency_keys').select('id').where('id', '<', below).orderBy('id').limit(batch))
      .executeTakeFirst();
    const n = Number(result.numDeletedRows);
    deleted += n;
    if (n < batch) return deleted;
  }
}
