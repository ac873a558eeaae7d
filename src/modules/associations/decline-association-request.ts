import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { AppError } from '../../platform/errors.ts';
import type { AssociationActor } from './association-actors.ts';
import { decideRequest, findRequest } from './associations.repo.ts';
import { requestForAction } from './request-access.ts';
import { requestView, type RequestView } from './request-view.ts';

/** The side that did not ask declines a request; nothing else changes. It still counts for the three-month rules. */
export async function declineAssociationRequest(deps: Pick<Deps, 'db' | 'clock'>, actor: AssociationActor, requestId: string, note?: string | null): Promise<RequestView> {
  return closeRequest(deps, actor, requestId, 'declined', note);
}

/** Closes a pending request without effect: declined by the other side, or cancelled by its own. */
export async function closeRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: AssociationActor,
  requestId: string,
  status: 'declined' | 'cancelled',
  note?: string | null,
): Promise<RequestView> {
  if (note !== undefined && note !== null && note.length > 255) throw new AppError('CBC.0100', 'invalid parameter: note must be at most 255 characters');
  const now = deps.clock.now();
  const at = iso(now);
  const row = await deps.db.kysely.transaction().execute(async (trx) => {
    const request = await requestForAction(trx, actor, requestId, status === 'declined' ? 'decide' : 'cancel', at);
    await decideRequest(trx, request.id, { status, at, by: actor.accountId, note: note || null });
    await appendEvent(trx, { type: `association_request.${status}`, aggregateType: 'customer', aggregateId: request.customer_id, payload: { request_id: request.id, by: actor.side } }, now);
    return (await findRequest(trx, requestId))!;
  });
  return requestView(row, at);
}
