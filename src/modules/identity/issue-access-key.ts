import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { newAccessKeyPair } from '../../platform/ids.ts';
import { findAccountById, insertAccessKey } from './identity.repo.ts';
import { accountNotFound, invalidInput } from './identity.errors.ts';

export interface IssuedAccessKey {
  access: string;
  /** Shown once, at issue; stored only encrypted. */
  secret: string;
  account_id: string;
  user_id: string;
  created_at: string;
}

/**
 * Issues an access key pair for an account's root user, or for one of its users. Well-known pairs
 * (the demo's) can be passed in; everything else is random.
 */
export async function issueAccessKey(
  deps: Deps,
  input: { accountId: string; userName?: string; description?: string; fixed?: { access: string; secret: string } },
): Promise<IssuedAccessKey> {
  const pair = input.fixed ?? newAccessKeyPair();
  if (!/^[A-Z0-9]{16,64}$/.test(pair.access)) throw invalidInput('access key must be 16-64 upper-case letters and digits');
  return deps.db.kysely.transaction().execute(async (trx) => {
    const account = await findAccountById(trx, input.accountId);
    if (!account) throw accountNotFound(input.accountId);
    let q = trx.selectFrom('users').select(['id']).where('account_id', '=', input.accountId);
    q = input.userName ? q.where('name', '=', input.userName) : q.where('role', '=', 'root');
    const user = await q.executeTakeFirst();
    if (!user) throw invalidInput(`no such user ${input.userName ?? '(root)'} in account ${input.accountId}`);
    const now = iso(deps.clock.now());
    await insertAccessKey(trx, {
      access: pair.access,
      account_id: input.accountId,
      user_id: user.id,
      secret_sealed: deps.secretBox.seal(pair.secret),
      status: 'active',
      description: input.description ?? '',
      created_at: now,
      revoked_at: null,
    });
    return { access: pair.access, secret: pair.secret, account_id: input.accountId, user_id: user.id, created_at: now };
  });
}
