import { createHash } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { cleanFileName, fileTypeProblem } from './file-types.ts';
import { REFERENCE_DATA } from './reference-data.ts';
import { dailyUploadExceeded, invalidParam } from './work-orders.errors.ts';
import { bytesUploadedSince, insertAttachment } from './work-orders.repo.ts';

export interface UploadAttachmentInput {
  fileName: string;
  /** accessoryFrom: incident (for a new ticket) or message. */
  accessoryFrom: string;
  data: Buffer;
}

const MIB = 1024 * 1024;

/** The limits the upload checks, as /accessorys/limits publishes them. */
export function accessoryLimits() {
  const l = REFERENCE_DATA.limits;
  return { count: l.accessory_count, maxBytes: l.accessory_size_mb * MIB, dailyBytes: l.accessory_daily_mb * MIB, fileTypes: l.accessory_file_types };
}

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();

/**
 * Stores an attachment for later use by a new ticket or a message of the uploader's account.
 * Checked: size (not empty, at most the limit), type (extension on the list and content that
 * matches it), and the account's daily allowance. The bytes go to the object store first, then
 * the row is written; a failed transaction leaves an unreferenced object, never a row without
 * its bytes.
 */
export async function uploadAttachment(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'objectStore'>,
  caller: Caller,
  input: UploadAttachmentInput,
): Promise<{ accessory_id: string }> {
  const limits = accessoryLimits();
  const name = cleanFileName(input.fileName);
  if (!name) throw invalidParam('fileName must be a file name of 1-255 characters');
  if (input.data.length === 0) throw invalidParam('file is empty');
  if (input.data.length > limits.maxBytes) throw invalidParam(`file is larger than ${REFERENCE_DATA.limits.accessory_size_mb} MB`);
  const typeProblem = fileTypeProblem(name, input.data, limits.fileTypes);
  if (typeProblem) throw invalidParam(typeProblem);
  const accessoryFrom = input.accessoryFrom === 'message' ? 'message' : 'incident';

  const at = deps.clock.now();
  const since = startOfUtcDay(at);
  const fits = async (conn: Parameters<typeof bytesUploadedSince>[0]) => (await bytesUploadedSince(conn, caller.accountId, since)) + input.data.length <= limits.dailyBytes;
  // Checked before the bytes are written (no wasted write) and again inside the transaction.
  if (!(await fits(deps.db.kysely))) throw dailyUploadExceeded();

  const id = deps.ids.hex32();
  const objectKey = `work-orders/${caller.accountId}/${id}`;
  await deps.objectStore.put(objectKey, input.data);
  await deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await fits(trx))) throw dailyUploadExceeded();
    await insertAttachment(trx, {
      id,
      owner_account_id: caller.accountId,
      owner_user_id: caller.userId,
      work_order_id: null,
      message_id: null,
      file_name: name,
      accessory_from: accessoryFrom,
      size: input.data.length,
      sha256: createHash('sha256').update(input.data).digest('hex'),
      object_key: objectKey,
      created_at: iso(at),
      deleted_at: null,
    });
  });
  return { accessory_id: id };
}
