import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { operatorQuota, type OperatorQuotaView } from './quota-views.ts';
import { listQuotas } from './quotas.repo.ts';

/** The operator's view of a partner's quotas (granted and passed down to it), newest first. */
export async function listPartnerQuotas(
  deps: Pick<Deps, 'db' | 'clock'>,
  partnerId: string,
  page: { offset: number; limit: number },
): Promise<OperatorQuotaView[]> {
  const at = iso(deps.clock.now());
  const rows = await listQuotas(deps.db.kysely, { partnerIds: [partnerId], at }, page);
  return rows.map((q) => operatorQuota(q, at));
}
