import type { Caller } from '../../platform/http/caller.ts';
import { isPartnerCaller } from '../../platform/http/caller.ts';
import { resolveActingPartner } from '../partners/index.ts';
import type { Conn } from './associations.repo.ts';
import { notYourTurn } from './associations.errors.ts';

/** Who acts on an association, and for whom. */
export type AssociationActor =
  | { side: 'customer'; accountId: string; name: string }
  /** `partnerId`: the partner acted for (a tier-1 names one of its tier-2s with indirect_partner_id); `accountId`: the caller's. */
  | { side: 'partner'; accountId: string; name: string; partnerId: string }
  | { side: 'operator'; accountId: string; name: string };

/**
 * The actor behind a request. A partner acting with an assumed customer token is not the customer:
 * it may read the customer's association but never ask, confirm or decline in the customer's name.
 */
export async function actorOf(db: Conn, caller: Caller, opts: { indirectPartnerId?: string | null; write: boolean }): Promise<AssociationActor> {
  const base = { accountId: caller.accountId, name: caller.accountName };
  if (caller.role === 'operator') return { side: 'operator', ...base };
  if (caller.role === 'customer') {
    if (opts.write && caller.delegatedBy !== null) throw notYourTurn('only the customer itself may do this, not a partner acting as the customer');
    return { side: 'customer', ...base };
  }
  if (isPartnerCaller(caller)) return { side: 'partner', ...base, partnerId: await resolveActingPartner(db, caller, opts.indirectPartnerId) };
  throw notYourTurn('no association actions for this caller');
}
