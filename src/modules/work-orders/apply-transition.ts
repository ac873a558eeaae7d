import type { Updateable } from 'kysely';
import { appendEvent } from '../../platform/event-outbox.ts';
import type { WorkOrdersTable } from '../../platform/db/schema.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { workOrderEvent } from './case-events.ts';
import type { CaseAction, CaseStatus } from './case-status.ts';
import { statusConflict } from './work-orders.errors.ts';
import { updateCaseIfStatus, type CaseRow, type Conn } from './work-orders.repo.ts';

/**
 * Moves a ticket from `row.status` to `to` (possibly the same status) inside the caller's
 * transaction: stamps the time of acceptance, resolution or closing from the business clock,
 * applies `extra`, and writes `work_order.status_changed` when the status changed. The update
 * holds only if the ticket is still in the status it was read in; otherwise 409.
 */
export async function applyTransition(
  trx: Conn,
  row: CaseRow,
  to: CaseStatus,
  action: CaseAction,
  actor: Pick<Caller, 'accountId' | 'userId' | 'role'>,
  at: Date,
  extra: Updateable<WorkOrdersTable> = {},
  details: Record<string, unknown> = {},
): Promise<void> {
  const now = at.toISOString();
  const from = row.status;
  const patch: Updateable<WorkOrdersTable> = { status: to, updated_at: now, ...extra };
  if (to !== from) {
    if (to === 1 && row.accepted_at === null) patch.accepted_at = now;
    if (to === 2) patch.resolved_at = now;
    if (to === 3 || to === 4 || to === 12) patch.closed_at = now;
  }
  if (!(await updateCaseIfStatus(trx, row.id, from, patch))) throw statusConflict(action, from);
  if (to !== from) {
    const after = { ...row, business_ownership: (patch.business_ownership as number | undefined) ?? row.business_ownership };
    await appendEvent(trx, workOrderEvent('work_order.status_changed', after, actor, { from_status: from, to_status: to, action, ...details }), at);
  }
}
