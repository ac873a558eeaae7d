import type { Deps } from '../../platform/deps.ts';
import type { AssociationActor } from './association-actors.ts';
import { closeRequest } from './decline-association-request.ts';
import type { RequestView } from './request-view.ts';

/** The side that made a request (or the operator, for any) withdraws it. It still counts for the three-month rules. */
export const cancelAssociationRequest = (deps: Pick<Deps, 'db' | 'clock'>, actor: AssociationActor, requestId: string, note?: string | null): Promise<RequestView> =>
  closeRequest(deps, actor, requestId, 'cancelled', note);
