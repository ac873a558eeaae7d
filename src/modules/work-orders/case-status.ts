/**
 * The work-order status machine, as a pure table: for each side of a ticket and each thing that
 * side may do, the statuses it may be done in and the status it leads to. Nothing else in the
 * module decides whether an action is allowed in a status.
 *
 * Statuses are the documented ones (brief §10): 0 pending acceptance, 1 processing, 2 pending
 * customer confirmation, 3 completed, 4 cancelled, 12 invalid, 17 pending feedback. (5 "paused"
 * and 13 "deleted" exist only as list filters; a deleted ticket keeps its status and is hidden.)
 */
export const CASE_STATUSES = [0, 1, 2, 3, 4, 12, 17] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CaseStatus = {
  PendingAcceptance: 0,
  Processing: 1,
  PendingConfirmation: 2,
  Completed: 3,
  Cancelled: 4,
  Invalid: 12,
  PendingFeedback: 17,
} as const satisfies Record<string, CaseStatus>;

/** Statuses a list may be filtered by: the real ones plus 5 (paused) and 13 (deleted), which match nothing here. */
export const FILTER_STATUSES = [0, 1, 2, 3, 4, 5, 12, 13, 17] as const;

export const OPEN_STATUSES: readonly CaseStatus[] = [0, 1, 2, 17];

export const isCaseStatus = (n: number): n is CaseStatus => (CASE_STATUSES as readonly number[]).includes(n);

/**
 * The submitter is the account that opened the ticket (a customer, or a partner for its own
 * ticket). The handler is whoever answers it: the operator's support staff when the ticket is
 * operator-owned, the customer's partner when it is partner-owned (see case-access.ts).
 */
export type Side = 'submitter' | 'handler';

/** What the submitter may do: the four documented action_ids, plus writing and rating. */
export const SUBMITTER_ACTIONS = ['cancel', 'close', 'press', 'delete', 'message', 'rate'] as const;
/**
 * What a handler may do. `accept`, `feedback` (ask the customer for more information),
 * `resolve`, `invalidate` and `transfer` (a partner hands its ticket to the operator) are this
 * platform's action_ids beside the documented four; `message` is a reply.
 */
export const HANDLER_ACTIONS = ['accept', 'feedback', 'resolve', 'invalidate', 'transfer', 'message'] as const;

export type SubmitterAction = (typeof SUBMITTER_ACTIONS)[number];
export type HandlerAction = (typeof HANDLER_ACTIONS)[number];
export type CaseAction = SubmitterAction | HandlerAction;

/** Actions that may be named in `?action_id=` (messages and ratings have their own endpoints). */
export const OPERATION_IDS = ['cancel', 'close', 'press', 'delete', 'accept', 'feedback', 'resolve', 'invalidate', 'transfer'] as const;
export type OperationId = (typeof OPERATION_IDS)[number];

type Moves = Readonly<Partial<Record<CaseStatus, CaseStatus>>>;

const SUBMITTER: Readonly<Record<SubmitterAction, Moves>> = {
  // Withdrawn before anyone took it up (the console offers 撤销 only while pending acceptance).
  cancel: { 0: 4 },
  // The submitter confirms the problem is solved, whether or not support proposed it.
  close: { 1: 3, 2: 3, 17: 3 },
  // Urging changes nothing but the time of the last urge (and notifies the handler).
  press: { 0: 0, 1: 1 },
  // Only finished tickets may be deleted; the row is kept and hidden.
  delete: { 3: 3, 4: 4, 12: 12 },
  // A reply to a proposed solution or to a request for feedback puts the ticket back in processing.
  message: { 0: 0, 1: 1, 2: 1, 17: 1 },
  rate: { 3: 3 },
};

const HANDLER: Readonly<Record<HandlerAction, Moves>> = {
  accept: { 0: 1 },
  feedback: { 1: 17 },
  resolve: { 1: 2, 17: 2 },
  invalidate: { 0: 12, 1: 12, 17: 12 },
  // Back to the operator's queue, to be accepted there.
  transfer: { 0: 0, 1: 0, 17: 0 },
  // Answering a ticket that nobody had accepted accepts it.
  message: { 0: 1, 1: 1, 2: 2, 17: 17 },
};

export const isSubmitterAction = (a: string): a is SubmitterAction => (SUBMITTER_ACTIONS as readonly string[]).includes(a);
export const isHandlerAction = (a: string): a is HandlerAction => (HANDLER_ACTIONS as readonly string[]).includes(a);
export const isOperationId = (a: string): a is OperationId => (OPERATION_IDS as readonly string[]).includes(a);

/**
 * The status `action` by `side` leads to from `status`, or null when that side may not do it
 * there (including actions that belong to the other side).
 */
export function nextStatus(side: Side, action: CaseAction, status: CaseStatus): CaseStatus | null {
  if (side === 'submitter') return isSubmitterAction(action) ? (SUBMITTER[action][status] ?? null) : null;
  return isHandlerAction(action) ? (HANDLER[action][status] ?? null) : null;
}

/** The actions a side may take in a status (for documents and consoles). */
export function allowedActions(side: Side, status: CaseStatus): CaseAction[] {
  const actions: readonly CaseAction[] = side === 'submitter' ? SUBMITTER_ACTIONS : HANDLER_ACTIONS;
  return actions.filter((a) => nextStatus(side, a, status) !== null);
}

export const isTerminal = (status: CaseStatus): boolean => status === 3 || status === 4 || status === 12;
