import type { Deps } from '../../platform/deps.ts';
import { policiesAt } from './catalog.repo.ts';

/**
 * Whether partner-set discounts may apply to each service type at `at` (its incentive policy's
 * allow_discount). A service without a policy allows them.
 */
export async function findDiscountPermissions(deps: Pick<Deps, 'db'>, at: string): Promise<(serviceTypeCode: string) => boolean> {
  const rows = await policiesAt(deps.db.kysely, at);
  const denied = new Set(rows.filter((p) => p.allow_discount === 'NO').map((p) => p.service_type_code));
  return (code) => !denied.has(code);
}
