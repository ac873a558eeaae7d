import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { registerAttachmentRoutes } from './work-orders.attachment-routes.ts';
import { registerConfigRoutes } from './work-orders.config-routes.ts';
import { registerCaseRoutes } from './work-orders.routes.ts';

/**
 * Work orders (tickets), wire-compatible with the OSM v2 API of the official SDKs under
 * /v2/servicerequest: cases, actions, messages, ratings, attachments and configuration lists.
 */
export function registerWorkOrderRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  registerCaseRoutes(app, deps, guards);
  registerAttachmentRoutes(app, deps, guards);
  registerConfigRoutes(app, deps, guards);
}

export { createCase, type CreateCaseInput } from './create-case.ts';
export { listCases, type ListCasesQuery } from './list-cases.ts';
export { getCase } from './get-case.ts';
export { getCaseStatus } from './get-case-status.ts';
export { operateCase, type OperateCaseBody } from './operate-case.ts';
export { postMessage, type PostMessageInput } from './post-message.ts';
export { listMessages } from './list-messages.ts';
export { rateCase, type RateCaseInput } from './rate-case.ts';
export { uploadAttachment, accessoryLimits } from './upload-attachment.ts';
export { downloadAttachment } from './download-attachment.ts';
export { deleteAttachment } from './delete-attachment.ts';
export {
  CASE_STATUSES,
  CaseStatus,
  SUBMITTER_ACTIONS,
  HANDLER_ACTIONS,
  OPERATION_IDS,
  nextStatus,
  allowedActions,
  type Side,
  type CaseAction,
} from './case-status.ts';
export { relationOf, ownershipFor, type CaseScope, type Relation, type BusinessOwnership } from './case-access.ts';
export { REFERENCE_DATA } from './reference-data.ts';
