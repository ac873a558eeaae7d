import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ShowRealNameAuthStatusResponse } from '../../contract/generated/models.ts';
import { notPartnersCustomer } from './customers.errors.ts';
import { findCustomerRecord } from './customers.repo.ts';
import { findLatestApplication } from './realname.repo.ts';

/**
 * show_real_name_auth_status, for the calling customer: verified_status (-1 none, 0 in review,
 * 1 rejected, 2 verified) and, once there is a status, verified_type (0 individual, 1 enterprise).
 */
export async function showRealNameAuthStatus(deps: Deps, caller: Caller): Promise<ShowRealNameAuthStatusResponse> {
  const record = await findCustomerRecord(deps.db.kysely, caller.accountId);
  if (!record) throw notPartnersCustomer();
  if (record.verified_status === -1) return { verified_status: -1 };
  if (record.customer_type >= 0) return { verified_status: record.verified_status, verified_type: record.customer_type };
  // In review or rejected before any approval: the type applied for.
  const latest = await findLatestApplication(deps.db.kysely, record.id);
  return { verified_status: record.verified_status, ...(latest ? { verified_type: latest.verified_type } : {}) };
}
