import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { AssociationRequestStatus, AssociationSide } from '../../platform/db/schema.ts';
import { pageOf } from '../../platform/pagination.ts';
import type { AssociationActor } from './association-actors.ts';
import { countRequests, listRequests, type RequestFilter } from './associations.repo.ts';
import { getVisibleRequest } from './request-access.ts';
import { requestView, type RequestView } from './request-view.ts';

export interface RequestsQuery {
  customer_id?: string;
  partner_id?: string;
  status?: AssociationRequestStatus;
  initiator?: AssociationSide;
  offset?: number;
  limit?: number;
}

/**
 * Association requests the actor may see, newest first: a customer its own, a partner those about
 * its customers (a tier-1 its tier-2's with indirect_partner_id), the operator all.
 */
export async function listAssociationRequests(deps: Pick<Deps, 'db' | 'clock'>, actor: AssociationActor, q: RequestsQuery): Promise<{ count: number; requests: RequestView[] }> {
  const page = pageOf(q, 100, 20);
  const now = iso(deps.clock.now());
  const filter: RequestFilter = {
    now,
    ...(q.customer_id ? { customerId: q.customer_id } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.initiator ? { side: q.initiator } : {}),
    ...(actor.side === 'operator' && q.partner_id ? { partnerId: q.partner_id } : {}),
    ...(actor.side === 'partner' ? { partnerId: actor.partnerId } : {}),
    ...(actor.side === 'customer' ? { customerId: actor.accountId } : {}),
  };
  // A customer asking about another customer's requests sees none.
  if (actor.side === 'customer' && q.customer_id && q.customer_id !== actor.accountId) return { count: 0, requests: [] };
  const db = deps.db.kysely;
  const [count, rows] = await Promise.all([countRequests(db, filter), listRequests(db, filter, page)]);
  return { count, requests: rows.map((r) => requestView(r, now)) };
}

/** One request the actor may see (PBSS.0404 otherwise, like a missing one). */
export async function getAssociationRequest(deps: Pick<Deps, 'db' | 'clock'>, actor: AssociationActor, id: string): Promise<RequestView> {
  return requestView(await getVisibleRequest(deps.db.kysely, actor, id), iso(deps.clock.now()));
}
