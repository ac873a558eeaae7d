import type { Deps } from '../../platform/deps.ts';
import type { FindRenewalSubjects, RenewalLookup } from '../rating/index.ts';
import { isLive } from './provision.ts';
import { renewalSubjectOf } from './renewal-order.ts';
import { findChildren, findResources } from './resources.repo.ts';

/**
 * The lookup the rating engine's renewal inquiry (list_renew_rate_on_period) uses: a customer's
 * live main resources with their children, or the documented per-resource refusal.
 */
export function renewalSubjectsFinder(deps: Pick<Deps, 'db'>): FindRenewalSubjects {
  return async (customerId, ids): Promise<RenewalLookup[]> => {
    const db = deps.db.kysely;
    const found = new Map((await findResources(db, customerId, ids)).map((r) => [r.id, r]));
    const children = (await findChildren(db, ids)).filter(isLive);
    return ids.map((resourceId): RenewalLookup => {
      const r = found.get(resourceId);
      if (!r || !isLive(r)) return { resourceId, failure: 'CBC.30050009' };
      if (!r.isMain) return { resourceId, failure: 'CBC.30050007' };
      if (r.pendingOrderId !== null) return { resourceId, failure: 'CBC.30050010' };
      return { resourceId, subject: renewalSubjectOf(r, children.filter((c) => c.parentId === r.id)) };
    });
  };
}
