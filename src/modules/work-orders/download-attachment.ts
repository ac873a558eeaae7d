import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { BusinessOwnership } from './case-access.ts';
import { relationOf } from './case-access.ts';
import { accessoryNotFound } from './work-orders.errors.ts';
import { findAttachment, findCase } from './work-orders.repo.ts';

/**
 * GET /accessorys/{id}: an attachment's bytes. The uploader's account may read an attachment not
 * yet used; once it belongs to a ticket, whoever may see the ticket may read it. Anything else
 * answers as a missing attachment.
 */
export async function downloadAttachment(deps: Pick<Deps, 'db' | 'objectStore'>, caller: Caller, accessoryId: string): Promise<{ fileName: string; data: Buffer }> {
  const att = await findAttachment(deps.db.kysely, accessoryId);
  if (!att) throw accessoryNotFound(accessoryId);
  if (att.work_order_id === null) {
    if (att.owner_account_id !== caller.accountId) throw accessoryNotFound(accessoryId);
  } else {
    const row = await findCase(deps.db.kysely, att.work_order_id);
    if (!row || !relationOf(caller, { ...row, business_ownership: row.business_ownership as BusinessOwnership })) throw accessoryNotFound(accessoryId);
  }
  const data = await deps.objectStore.get(att.object_key);
  if (!data) throw new Error(`attachment ${att.id}: object ${att.object_key} is missing`);
  return { fileName: att.file_name, data };
}
