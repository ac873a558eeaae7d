import type { Deps } from '../../platform/deps.ts';
import { deleteConfig, findConfigByPartner } from './sso.repo.ts';
import { accessConfigMissing } from './sso.errors.ts';

/** Removes a partner's configuration: logins through it stop; customers keep their bindings (xaccount ids). */
export async function removeSsoAccess(deps: Deps, partnerId: string): Promise<void> {
  await deps.db.kysely.transaction().execute(async (trx) => {
    const c = await findConfigByPartner(trx, partnerId);
    if (!c) throw accessConfigMissing();
    await deleteConfig(trx, c.xaccount_type);
  });
}
