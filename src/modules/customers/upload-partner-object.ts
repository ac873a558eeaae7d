import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { isSafeObjectKey } from '../../platform/object-store.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { isPartnerCaller } from '../../platform/http/caller.ts';
import { partnerObjectKey } from './realname-attachments.ts';

/**
 * Puts a file into the calling partner's bucket, below `download/`: the place real-name
 * applications name attachments from (the documents have partners upload to their own OBS bucket;
 * ours is the platform's object store). Formats and sizes are checked when an application names
 * the file, as Huawei does.
 */
export async function uploadPartnerObject(deps: Deps, caller: Caller, relativePath: string, data: Buffer): Promise<{ path: string; size: number }> {
  if (!isPartnerCaller(caller)) throw new AppError('CBC.0151', 'access denied: partners only');
  if (!isSafeObjectKey(relativePath)) throw new AppError('CBC.0100', 'invalid parameter: path must be a relative path such as test/abc023.jpg');
  if (data.length === 0) throw new AppError('CBC.0100', 'invalid parameter: body must not be empty');
  await deps.objectStore.put(partnerObjectKey(caller.accountId, relativePath), data);
  return { path: relativePath, size: data.length };
}
