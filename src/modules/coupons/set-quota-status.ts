import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { operatorConflict, operatorInvalid, operatorNotFound } from './coupons.errors.ts';
import { operatorQuota, type OperatorQuotaView } from './quota-views.ts';
import { findQuota, setQuotaStatus } from './quotas.repo.ts';

/** Statuses the operator may set: 0 normal, 3 invalid, 4 adjusting, 5 frozen (6 comes only from a tier-1's reclaim). */
export const OPERATOR_QUOTA_STATUSES = [0, 3, 4, 5] as const;
export type OperatorQuotaStatus = (typeof OPERATOR_QUOTA_STATUSES)[number];

/**
 * The operator sets a quota's status. Only a normal (0) quota issues coupons or passes quota on; the
 * others stay visible, and what they hold stays put (a quota that is invalid, adjusting or frozen
 * still takes back reclaimed and expired coupons). A reclaimed tier-2 quota (6) cannot change.
 */
export async function setCouponQuotaStatus(deps: Pick<Deps, 'db' | 'clock'>, quotaId: string, status: number): Promise<OperatorQuotaView> {
  if (!(OPERATOR_QUOTA_STATUSES as readonly number[]).includes(status)) throw operatorInvalid(`status must be one of ${OPERATOR_QUOTA_STATUSES.join(', ')}`);
  const at = iso(deps.clock.now());
  return deps.db.kysely.transaction().execute(async (trx) => {
    const quota = await findQuota(trx, quotaId);
    if (!quota) throw operatorNotFound(`coupon quota ${quotaId} does not exist`);
    if (!(await setQuotaStatus(trx, quotaId, status, at))) throw operatorConflict(`coupon quota ${quotaId} was reclaimed; its status cannot change`);
    return operatorQuota((await findQuota(trx, quotaId))!, at);
  });
}
