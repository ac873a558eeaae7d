import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';

export type ItemOutcome<R> = { id: string; ok: R } | { id: string; error: AppError };

/**
 * Runs a batch (issue coupons to ≤ 100 customers, pass quota to tier-2s, reclaim tier-2 quotas)
 * item by item, each item in its own transaction, so that one item's refusal never undoes another's
 * success (partial success is what the API answers).
 *
 * With an idempotency key, the request is claimed first under the key itself (so the same key with
 * another body is refused, PBSS.0422), then every item under a sub-key derived from the key and the
 * item's id. A retry with the same key replays each item that succeeded and evaluates afresh only
 * the ones that failed (which moved nothing): a retried partial batch never does an item twice,
 * even when the first attempt died half-way.
 *
 * `onFailure` runs after an item is refused, in a transaction of its own (to keep a record of it).
 */
export async function runBatch<I, R>(
  deps: Pick<Deps, 'db'>,
  claim: IdempotencyClaim | null,
  at: string,
  items: readonly I[],
  idOf: (item: I) => string,
  work: (trx: Transaction<DB>, item: I) => Promise<R>,
  onFailure?: (trx: Transaction<DB>, item: I, error: AppError) => Promise<void>,
): Promise<Array<ItemOutcome<R>>> {
  if (claim) await runIdempotent(deps.db, claim, at, async () => ({ batch: true }));
  const outcomes: Array<ItemOutcome<R>> = [];
  for (const item of items) {
    const id = idOf(item);
    try {
      const ok = await runIdempotent(deps.db, claim ? itemClaim(claim, id) : null, at, (trx) => work(trx, item));
      outcomes.push({ id, ok });
    } catch (e) {
      if (!(e instanceof AppError) || e.code === 'PBSS.0422') throw e;
      outcomes.push({ id, error: e });
      if (onFailure) await deps.db.kysely.transaction().execute((trx) => onFailure(trx, item, e));
    }
  }
  return outcomes;
}

/** An item's claim: same scope and request hash, its own operation and key (fixed length, whatever the key's). */
function itemClaim(claim: IdempotencyClaim, itemId: string): IdempotencyClaim {
  const key = createHash('sha256').update(`${claim.key}\u0000${itemId}`).digest('hex');
  return { ...claim, operation: `${claim.operation}#item`, key };
}
