import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { accessoryNotFound } from './work-orders.errors.ts';
import { markAttachmentDeleted } from './work-orders.repo.ts';

/**
 * DELETE /accessorys/{id}: the uploader's account withdraws an attachment it has not used yet.
 * Once a ticket or message carries it, it stays. (The bytes stay in the object store until a
 * clean-up removes unreferenced objects; the row keeps counting toward the daily allowance.)
 */
export async function deleteAttachment(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, accessoryId: string): Promise<void> {
  const done = await deps.db.kysely.transaction().execute((trx) => markAttachmentDeleted(trx, accessoryId, caller.accountId, iso(deps.clock.now())));
  if (!done) throw accessoryNotFound(accessoryId);
}
