import type { Updateable } from 'kysely';
import type { Deps } from '../../platform/deps.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import type { WorkOrdersTable } from '../../platform/db/schema.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { applyTransition } from './apply-transition.ts';
import { workOrderEvent } from './case-events.ts';
import { findCaseFor } from './case-lookup.ts';
import { checkSatisfaction, type SatisfactionInput } from './case-rules.ts';
import { isHandlerAction, isOperationId, isSubmitterAction, nextStatus, type CaseStatus, type OperationId, type Side } from './case-status.ts';
import { REFERENCE_DATA } from './reference-data.ts';
import { invalidParam, noPermission, pressedTooOften, statusConflict, unknownOperation } from './work-orders.errors.ts';

/** WorkOrderOperateV2Req: a closing submitter may rate the ticket in the same call. */
export interface OperateCaseBody {
  judgement?: string;
  operate_desc?: string;
  group_id?: string;
  incident_satisfaction_list?: SatisfactionInput[];
}

/** Which side the caller acts for in this action, or why it may not act at all. */
function sideFor(relation: Side | 'viewer', action: OperationId): Side {
  if (relation === 'viewer') throw noPermission('you may read this case but not act on it');
  if (relation === 'submitter' && !isSubmitterAction(action)) throw noPermission(`${action} is for whoever answers the case`);
  if (relation === 'handler' && !isHandlerAction(action)) throw noPermission(`${action} is for whoever opened the case`);
  return relation;
}

/**
 * POST /cases/{id}/action?action_id=...: the submitter cancels, closes, urges or deletes; the
 * handler accepts, asks for feedback, resolves, invalidates or (a partner) transfers to the
 * operator. The status table decides what each may do in each status.
 */
export async function operateCase(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Caller,
  caseId: string,
  actionId: string,
  body: OperateCaseBody = {},
): Promise<void> {
  if (!isOperationId(actionId)) throw unknownOperation(actionId);
  if (body.operate_desc !== undefined && body.operate_desc.length > 400) throw invalidParam('operate_desc must be at most 400 characters');
  const at = deps.clock.now();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const { row, relation } = await findCaseFor(trx, caller, caseId);
    const side = sideFor(relation, actionId);
    if (actionId === 'transfer' && row.business_ownership !== 1) throw noPermission('only a partner hands its case over to the operator');
    const from = row.status as CaseStatus;
    const to = nextStatus(side, actionId, from);
    if (to === null) throw statusConflict(actionId, from);

    const extra: Updateable<WorkOrdersTable> = {};
    if (actionId === 'press') {
      const waitMs = REFERENCE_DATA.limits.press_interval_minutes * 60_000;
      if (row.last_pressed_at !== null && at.getTime() - Date.parse(row.last_pressed_at) < waitMs) throw pressedTooOften();
      extra.last_pressed_at = at.toISOString();
    }
    if (actionId === 'delete') extra.deleted_at = at.toISOString();
    if (actionId === 'transfer') extra.business_ownership = 0;
    const rating = actionId === 'close' && body.incident_satisfaction_list && body.incident_satisfaction_list.length > 0 ? checkSatisfaction(body.incident_satisfaction_list) : null;
    if (rating) {
      if (body.judgement !== undefined && body.judgement.length > 2000) throw invalidParam('judgement must be at most 2000 characters');
      Object.assign(extra, { satisfaction: JSON.stringify(rating), judgement: body.judgement ?? '', rated_at: at.toISOString() });
    }

    const details = body.operate_desc ? { operate_desc: body.operate_desc } : {};
    await applyTransition(trx, row, to, actionId, caller, at, extra, details);
    const after = { ...row, business_ownership: (extra.business_ownership as number | undefined) ?? row.business_ownership };
    if (actionId === 'press') await appendEvent(trx, workOrderEvent('work_order.urged', after, caller, { status: to }), at);
    if (actionId === 'transfer') await appendEvent(trx, workOrderEvent('work_order.transferred', after, caller, { from_ownership: 1, to_ownership: 0 }), at);
    if (actionId === 'delete') await appendEvent(trx, workOrderEvent('work_order.deleted', after, caller, { status: to }), at);
    if (rating) await appendEvent(trx, workOrderEvent('work_order.rated', after, caller, { satisfaction: rating }), at);
  });
}
