import { serializeOn } from '../../platform/db/dialect.ts';
import type { AssociationActor } from './association-actors.ts';
import { findRequest, type Conn, type RequestRow } from './associations.repo.ts';
import { notPending, notYourTurn, requestNotFound } from './associations.errors.ts';
import { effectiveStatus } from './request-view.ts';

/** How an actor stands to a request: whether it may see it, made it, or is the side that decides it. */
export function relationTo(actor: AssociationActor, r: RequestRow): { visible: boolean; initiator: boolean; counterpart: boolean } {
  switch (actor.side) {
    case 'customer':
      return { visible: r.customer_id === actor.accountId, initiator: r.initiator_side === 'customer', counterpart: r.initiator_side !== 'customer' };
    case 'partner':
      return { visible: r.partner_id === actor.partnerId, initiator: r.initiator_side === 'partner', counterpart: r.initiator_side === 'customer' };
    case 'operator':
      return { visible: true, initiator: r.initiator_side === 'operator', counterpart: r.initiator_side === 'customer' };
  }
}

/** A request the actor may see, or PBSS.0404 (another's request answers like a missing one). */
export async function getVisibleRequest(db: Conn, actor: AssociationActor, id: string): Promise<RequestRow> {
  const r = await findRequest(db, id);
  if (!r || !relationTo(actor, r).visible) throw requestNotFound(id);
  return r;
}

/**
 * Loads a pending request for an action, in the caller's transaction, holding the customer's lock,
 * and checks that the actor may take it: `decide` (accept, decline) belongs to the side that did not
 * ask; `cancel` to the side that asked, and to the operator for any request.
 */
export async function requestForAction(trx: Conn, actor: AssociationActor, id: string, action: 'decide' | 'cancel', at: string): Promise<RequestRow> {
  const seen = await getVisibleRequest(trx, actor, id);
  await serializeOn(trx, `association:${seen.customer_id}`);
  const r = (await findRequest(trx, id))!;
  const rel = relationTo(actor, r);
  if (action === 'decide' && !rel.counterpart) {
    throw notYourTurn(r.initiator_side === 'customer' ? "the customer's partner (or the operator) decides a customer's request" : 'the customer decides this request');
  }
  if (action === 'cancel' && !rel.initiator && actor.side !== 'operator') throw notYourTurn('only the side that made the request (or the operator) may cancel it');
  const status = effectiveStatus(r, at);
  if (status !== 'pending') throw notPending(id, status);
  return r;
}
