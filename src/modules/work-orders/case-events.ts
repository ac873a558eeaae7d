import type { DomainEvent } from '../../platform/event-outbox.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { CaseRow } from './work-orders.repo.ts';

/**
 * The work-order events written to the outbox (see src/platform/event-outbox.ts). Each payload
 * names the ticket and the parties a deliverer needs to route it (customer, partner, tier-1,
 * ownership); message text, contacts and confidential details stay out.
 */
export type WorkOrderEventType =
  | 'work_order.created'
  | 'work_order.status_changed'
  | 'work_order.message_posted'
  | 'work_order.urged'
  | 'work_order.transferred'
  | 'work_order.rated'
  | 'work_order.deleted';

export function workOrderEvent(type: WorkOrderEventType, row: Pick<CaseRow, 'id' | 'customer_id' | 'partner_id' | 'tier1_id' | 'business_ownership'>, actor: Pick<Caller, 'accountId' | 'userId' | 'role'>, details: Record<string, unknown> = {}): DomainEvent {
  return {
    type,
    aggregateType: 'work_order',
    aggregateId: row.id,
    payload: {
      incident_id: row.id,
      customer_id: row.customer_id,
      partner_id: row.partner_id,
      tier1_id: row.tier1_id,
      business_ownership: row.business_ownership,
      actor: { account_id: actor.accountId, user_id: actor.userId, role: actor.role },
      ...details,
    },
  };
}
