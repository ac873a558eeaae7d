import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { AppError } from '../../platform/errors.ts';
import { checkCustomerConfirmationCode } from '../customers/index.ts';
import type { AssociationActor } from './association-actors.ts';
import { DEFAULT_PORTS, type AssociationPorts } from './association-ports.ts';
import { findRequest, type RequestRow } from './associations.repo.ts';
import { codeRequired } from './associations.errors.ts';
import { completeAssociationChange } from './complete-association-change.ts';
import { requestForAction } from './request-access.ts';
import { requestView, type RequestView } from './request-view.ts';

/**
 * The side that did not ask accepts a request, and the change happens at once (completeAssociation
 * Change). The customer confirms a partner's or the operator's request, with the code sent to its
 * number when the request says so; a wrong code counts against the code (committed, then answered).
 * The partner, or the operator for it, approves a customer's request.
 */
export async function acceptAssociationRequest(
  deps: Deps,
  actor: AssociationActor,
  requestId: string,
  input: { verificationCode?: string | null } = {},
  ports: AssociationPorts = DEFAULT_PORTS,
): Promise<RequestView> {
  const now = deps.clock.now();
  const at = iso(now);
  const result = await deps.db.kysely.transaction().execute(async (trx): Promise<{ row: RequestRow } | { rejected: AppError }> => {
    const request = await requestForAction(trx, actor, requestId, 'decide', at);
    if (actor.side === 'customer' && request.confirm_mobile) {
      if (!input.verificationCode) throw codeRequired();
      const check = await checkCustomerConfirmationCode(trx, now, { customerId: request.customer_id, mobile: request.confirm_mobile }, input.verificationCode);
      if (!check.ok) return { rejected: check.error };
    }
    await completeAssociationChange(trx, deps, ports, request, actor.accountId, now);
    return { row: (await findRequest(trx, requestId))! };
  });
  if ('rejected' in result) throw result.rejected;
  return requestView(result.row, at);
}
