import type { Transaction } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import type { DB } from '../../platform/db/schema.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { DIRECT_ACCOUNT_ID, findCustomerRecord, setCustomerAssociation } from '../customers/index.ts';
import { reclaimOnUnbinding } from '../funds/index.ts';
import { revokeAssumedTokens } from '../identity/index.ts';
import { gatherFacts } from './association-facts.ts';
import type { AssociationPorts } from './association-ports.ts';
import { planAssociationChange } from './association-rules.ts';
import { decideRequest, insertHistory, type RequestRow } from './associations.repo.ts';
import { associationChanged, blocked, notPending } from './associations.errors.ts';
import type { RequestOutcome } from './request-view.ts';

/**
 * Carries out an accepted request in the caller's transaction (which holds the customer's lock):
 * blockers are checked again; a resale customer leaving resale gives its partner-funded balance back
 * (trade and adjust record SOURCE_OPERATION_BEUNBIND); its partner-issued coupons go back to their
 * quotas (coupon records 3 or 8); the ended association joins the history and the customer's row
 * takes the new one (unbound: the platform's direct customers); a former partner's assumed tokens
 * end. Anything refused rolls the whole change back.
 */
export async function completeAssociationChange(
  trx: Transaction<DB>,
  deps: Pick<Deps, 'ids'>,
  ports: AssociationPorts,
  request: RequestRow,
  decidedBy: string,
  now: Date,
): Promise<RequestOutcome> {
  const at = now.toISOString();
  const customer = await findCustomerRecord(trx, request.customer_id);
  if (!customer || customer.partner_id !== request.partner_id || customer.association_type !== request.from_type) throw associationChanged(request.id);
  const plan = planAssociationChange(await gatherFacts(trx, ports, customer, request.action, at));
  if (plan.blockers.length > 0) throw blocked(plan.blockers);

  const coupons = await ports.reclaimCoupons(trx, { customerId: customer.id, reason: plan.couponReason, at, initiatorId: decidedBy });
  if (coupons.held.length > 0) throw blocked([{ kind: 'coupons_held', detail: 'orders awaiting payment hold some of the customer\'s coupons: pay or cancel them first', ids: coupons.held }]);
  const reclaimed =
    plan.reclaim > 0n
      ? await reclaimOnUnbinding(trx, { customerId: customer.id, customerName: customer.account_name, partnerId: request.partner_id, initiatorId: decidedBy, ref: deps.ids.prefixed('UB'), at })
      : null;

  await insertHistory(trx, {
    customer_id: customer.id,
    partner_id: request.partner_id,
    association_type: request.from_type,
    started_at: customer.associated_at,
    ended_at: at,
    end_reason: request.action,
    request_id: request.id,
  });
  const next = request.action === 'unbind' ? { partnerId: DIRECT_ACCOUNT_ID, associationType: request.from_type } : { partnerId: request.partner_id, associationType: request.to_type! };
  const moved = await setCustomerAssociation(trx, customer.id, { partnerId: request.partner_id, associationType: request.from_type }, { ...next, associatedAt: at });
  if (!moved) throw associationChanged(request.id);
  if (request.action === 'unbind') await revokeAssumedTokens(trx, customer.id);

  const outcome: RequestOutcome = {
    trans_id: reclaimed?.transId ?? null,
    reclaimed_amount: String(reclaimed?.amount ?? 0n),
    coupons: coupons.reclaimed.map((c) => ({ coupon_id: c.couponId, amount: String(c.amount) })),
  };
  if (!(await decideRequest(trx, request.id, { status: 'completed', at, by: decidedBy, outcome: JSON.stringify(outcome) }))) throw notPending(request.id, 'decided or expired');
  await appendEvent(
    trx,
    {
      type: 'customer.association_changed',
      aggregateType: 'customer',
      aggregateId: customer.id,
      payload: { request_id: request.id, action: request.action, partner_id: request.partner_id, from_type: request.from_type, to_type: request.to_type, trans_id: outcome.trans_id },
    },
    now,
  );
  return outcome;
}
