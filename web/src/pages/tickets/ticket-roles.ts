import type { TicketAction, TicketDetail } from '../../api/tickets.ts';
import type { ConsoleKind } from '../../consoles.tsx';

/** Which side of a ticket the viewer is on (docs/work-orders.md, "Who sees, who answers"). */
export type TicketSide = 'submitter' | 'handler' | 'reader';

export function sideOf(detail: Pick<TicketDetail, 'customer_id' | 'business_ownership'>, myAccountId: string, kind: ConsoleKind): TicketSide {
  if (detail.customer_id === myAccountId) return 'submitter';
  if (detail.business_ownership === 1 && kind === 'partner') return 'handler';
  if (detail.business_ownership === 0 && kind === 'operator') return 'handler';
  return 'reader';
}

/** The status table: which actions a side may take in a status. */
const ALLOWED: Record<TicketSide, Partial<Record<TicketAction, readonly number[]>>> = {
  submitter: { cancel: [0], close: [1, 2, 17], press: [0, 1] },
  handler: { accept: [0], feedback: [1], resolve: [1, 17], invalidate: [0, 1, 17], transfer: [0, 1, 17] },
  reader: {},
};

export function actionsFor(side: TicketSide, status: number, kind: ConsoleKind): TicketAction[] {
  return (Object.entries(ALLOWED[side]) as [TicketAction, readonly number[]][])
    .filter(([action, statuses]) => statuses.includes(status) && !(action === 'transfer' && kind !== 'partner'))
    .map(([action]) => action);
}

export const mayWrite = (side: TicketSide, status: number) => side !== 'reader' && [0, 1, 2, 17].includes(status);
export const mayRate = (side: TicketSide, status: number, rated: boolean) => side === 'submitter' && status === 3 && !rated;
