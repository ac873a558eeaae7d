import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';

/** Revokes an access key. Signed requests with it fail from then on (after at most the key cache's TTL elsewhere). */
export async function revokeAccessKey(deps: Deps, access: string): Promise<void> {
  const res = await deps.db.kysely
    .updateTable('access_keys')
    .set({ status: 'revoked', revoked_at: iso(deps.clock.now()) })
    .where('access', '=', access)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('PBSS.0404', `no active access key ${access}`);
}
