import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Conn } from '../identity/index.ts';

/**
 * How real-name applications are decided: `manual` puts them in the operator's review queue
 * (is_review 1); `approve` and `reject` decide them at once (is_review 0), which sandboxes and
 * automated tests use. Kept in `settings`, so it survives restarts and the operator can change it
 * at run time.
 */
export type RealnamePolicy = 'manual' | 'approve' | 'reject';
export const REALNAME_POLICIES: readonly RealnamePolicy[] = ['manual', 'approve', 'reject'];
const KEY = 'customers.realname.auto_decision';

export async function readRealnamePolicy(db: Conn): Promise<RealnamePolicy> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  return REALNAME_POLICIES.includes(row?.value as RealnamePolicy) ? (row!.value as RealnamePolicy) : 'manual';
}

export async function setRealnamePolicy(deps: Deps, policy: string): Promise<RealnamePolicy> {
  if (!REALNAME_POLICIES.includes(policy as RealnamePolicy)) throw new AppError('PBSS.0400', `auto_decision must be one of ${REALNAME_POLICIES.join(', ')}`);
  await deps.db.kysely
    .insertInto('settings')
    .values({ key: KEY, value: policy })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: policy }))
    .execute();
  return policy as RealnamePolicy;
}
