import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { findDiscount, markRevoked } from './discounts.repo.ts';
import { discountNotFound } from './rating.errors.ts';

/**
 * Revokes a discount from now on (quotes no longer offer it; orders already placed keep the price
 * they were given). A partner may revoke only the discounts it granted (`grantedBy`); a foreign or
 * unknown id answers like a missing one. Revoking twice is harmless.
 */
export async function revokeDiscount(deps: Deps, id: string, grantedBy: string | null): Promise<void> {
  const now = iso(deps.clock.now());
  await deps.db.kysely.transaction().execute(async (trx) => {
    const row = await findDiscount(trx, id);
    if (!row || (grantedBy !== null && row.granted_by !== grantedBy)) throw discountNotFound(id);
    await markRevoked(trx, id, now);
  });
}
