import type { Kysely } from 'kysely';

/**
 * Indexes every money movement paid for and nothing read: `outbox_events_undelivered_idx` (0010)
 * has the columns of `outbox_events_pending_idx` (0005), which the fan-out already reads, and
 * `idempotency_keys_created_idx` served no query (a purge of old keys can go by id, which grows
 * with created_at). Each was one more B-tree insert per movement.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_events_undelivered_idx').execute();
  await db.schema.dropIndex('idempotency_keys_created_idx').execute();
}
