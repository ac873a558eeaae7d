import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { formatAmount } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { DIRECT_ACCOUNT_ID } from '../customers/index.ts';
import type { AssociationActor } from './association-actors.ts';
import { customerFor } from './association-customer.ts';
import { gatherFacts } from './association-facts.ts';
import { DEFAULT_PORTS, type AssociationPorts } from './association-ports.ts';
import { addMonths, planAssociationChange, WINDOW_MONTHS, windowRefusal } from './association-rules.ts';
import { findOpenRequest, listPastRequests } from './associations.repo.ts';
import { notAssociated } from './associations.errors.ts';
import { effectiveStatus } from './request-view.ts';
import type { ChangeInput } from './request-association-change.ts';

/**
 * The check before asking (Huawei's console runs it before its unbind dialog): the plan of the
 * change as it would be made now, with everything that would refuse it, without storing anything.
 */
export async function previewAssociationChange(deps: Pick<Deps, 'db' | 'clock'>, actor: AssociationActor, input: Pick<ChangeInput, 'customerId' | 'action'>, ports: AssociationPorts = DEFAULT_PORTS) {
  const now = deps.clock.now();
  const at = iso(now);
  const db = deps.db.kysely;
  const customer = await customerFor(db, actor, input.customerId);
  if (customer.partner_id === DIRECT_ACCOUNT_ID) throw notAssociated();
  const [open, past, facts] = await Promise.all([
    findOpenRequest(db, customer.id),
    listPastRequests(db, customer.id, iso(addMonths(now, -(WINDOW_MONTHS + 1)))),
    gatherFacts(db, ports, customer, input.action, at),
  ]);
  const openId = open && effectiveStatus(open, at) === 'pending' ? open.id : null;
  const window = windowRefusal(actor.side, customer.partner_id, now, past);
  const plan = planAssociationChange(facts);
  return {
    customer_id: customer.id,
    partner_id: customer.partner_id,
    action: input.action,
    from_association_type: customer.association_type,
    to_association_type: plan.toType,
    allowed: openId === null && window === null && plan.blockers.length === 0,
    open_request_id: openId,
    window: window ? { rule: window.rule, allowed_from: huaweiUtc(window.allowedFrom) } : null,
    blockers: plan.blockers.map((b) => ({ kind: b.kind, detail: b.detail, ...(b.ids ? { ids: b.ids } : {}) })),
    reclaim_amount: formatAmount(plan.reclaim),
    requires_verification_code: actor.side !== 'customer' && !!customer.mobile_phone,
  };
}

export type AssociationPreview = Awaited<ReturnType<typeof previewAssociationChange>>;
