import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import type { AssociationAction } from '../../platform/db/schema.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { AppError } from '../../platform/errors.ts';
import { DIRECT_ACCOUNT_ID, sendCustomerConfirmationCode, type CustomerRecord } from '../customers/index.ts';
import { findAccountById } from '../identity/index.ts';
import type { AssociationActor } from './association-actors.ts';
import { customerFor } from './association-customer.ts';
import { gatherFacts } from './association-facts.ts';
import { DEFAULT_PORTS, type AssociationPorts } from './association-ports.ts';
import { addMonths, CONFIRMATION_CODE_MINUTES, planAssociationChange, REQUEST_TTL_DAYS, WINDOW_MONTHS, windowRefusal } from './association-rules.ts';
import { expireStaleRequests, findOpenRequest, insertRequest, listPastRequests, type Conn, type RequestRow } from './associations.repo.ts';
import { blocked, notAssociated, requestOpen, windowRefused } from './associations.errors.ts';
import { requestView, type RequestView } from './request-view.ts';

export interface ChangeInput {
  customerId: string;
  action: AssociationAction;
  reason?: string | null;
}

const TYPE_NAME: Record<number, string> = { 1: '顾问销售', 2: '代售' };
const DAY_MS = 86_400_000;

function confirmationText(requester: string, r: Pick<RequestRow, 'action' | 'from_type' | 'to_type'>, code: string): string {
  const what = r.action === 'unbind' ? '解除与您的关联关系' : `将您的关联类型由${TYPE_NAME[r.from_type]}切换为${TYPE_NAME[r.to_type!]}`;
  return `【partner-bss】${requester}申请${what}。同意请输入验证码${code}确认（${CONFIRMATION_CODE_MINUTES}分钟内有效，可重新获取）；不同意请拒绝该申请。`;
}

/** Checks that may refuse a request; the caller's transaction holds the customer's lock. */
async function refuseUnlessAllowed(trx: Conn, ports: AssociationPorts, actor: AssociationActor, customer: CustomerRecord, action: AssociationAction, now: Date) {
  if (customer.partner_id === DIRECT_ACCOUNT_ID) throw notAssociated();
  const at = iso(now);
  await expireStaleRequests(trx, customer.id, at);
  const open = await findOpenRequest(trx, customer.id);
  if (open) throw requestOpen(open.id);
  // Calendar months are uneven: read a month more, and let the rule decide.
  const past = await listPastRequests(trx, customer.id, iso(addMonths(now, -(WINDOW_MONTHS + 1))));
  const refusal = windowRefusal(actor.side, customer.partner_id, now, past);
  if (refusal) throw windowRefused(refusal);
  const plan = planAssociationChange(await gatherFacts(trx, ports, customer, action, at));
  if (plan.blockers.length > 0) throw blocked(plan.blockers);
  return plan;
}

/**
 * Asks to unbind a customer from its partner or to switch its association type (brief §5.5). The
 * other side decides: the customer confirms a partner's or the operator's request (with a code sent
 * to its number when it has one), the partner (or the operator) approves or declines a customer's.
 * Refused, with nothing stored, when the customer already has an open request, a three-month rule
 * forbids it, or blockers stand in the way; blockers are checked again when the request is accepted.
 */
export async function requestAssociationChange(deps: Deps, actor: AssociationActor, input: ChangeInput, ports: AssociationPorts = DEFAULT_PORTS): Promise<RequestView> {
  if (input.reason !== undefined && input.reason !== null && input.reason.length > 255) throw new AppError('CBC.0100', 'invalid parameter: reason must be at most 255 characters');
  const now = deps.clock.now();
  const at = iso(now);
  const id = deps.ids.hex32();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const customer = await customerFor(trx, actor, input.customerId);
    await serializeOn(trx, `association:${customer.id}`);
    const plan = await refuseUnlessAllowed(trx, ports, actor, customer, input.action, now);
    const row: RequestRow = {
      id,
      customer_id: customer.id,
      partner_id: customer.partner_id,
      action: input.action,
      from_type: customer.association_type,
      to_type: plan.toType,
      initiator_side: actor.side,
      initiated_by: actor.accountId,
      reason: input.reason || null,
      status: 'pending',
      confirm_mobile: actor.side !== 'customer' && customer.mobile_phone ? customer.mobile_phone : null,
      requested_at: at,
      expires_at: iso(new Date(now.getTime() + REQUEST_TTL_DAYS * DAY_MS)),
      decided_at: null,
      decided_by: null,
      decision_note: null,
      outcome: null,
    };
    await insertRequest(trx, row);
    if (row.confirm_mobile) {
      const requester = actor.side === 'operator' ? '平台运营方' : `合作伙伴${(await findAccountById(trx, customer.partner_id))?.display_name ?? ''}`;
      await sendCustomerConfirmationCode(trx, deps, now, {
        customerId: customer.id,
        mobile: row.confirm_mobile,
        minutes: CONFIRMATION_CODE_MINUTES,
        text: (code) => confirmationText(requester, row, code),
        payload: { association_request_id: id },
      });
    }
    await appendEvent(trx, { type: 'association_request.created', aggregateType: 'customer', aggregateId: customer.id, payload: { request_id: id, action: row.action, initiator: row.initiator_side, partner_id: row.partner_id } }, now);
    return requestView(row, at);
  });
}

