/**
 * Associations: unbinding a customer from its partner and switching its association type (resale ⇄
 * referral), as requests one side makes and the other confirms, under the documented three-month
 * rules and blockers (brief §5.5); completing one reclaims the partner-funded balance (funds,
 * SOURCE_OPERATION_BEUNBIND) and partner-issued coupons (coupons, records 3 and 8), and keeps the
 * ended association in an append-only history. docs/customers.md has the decisions.
 */
export { registerAssociationRoutes } from './associations.routes.ts';
export { registerAssociationOperatorRoutes } from './associations.operator-routes.ts';
export { actorOf, type AssociationActor } from './association-actors.ts';
export { requestAssociationChange, type ChangeInput } from './request-association-change.ts';
export { previewAssociationChange, type AssociationPreview } from './preview-association-change.ts';
export { acceptAssociationRequest } from './accept-association-request.ts';
export { declineAssociationRequest } from './decline-association-request.ts';
export { cancelAssociationRequest } from './cancel-association-request.ts';
export { resendConfirmationCode } from './resend-confirmation-code.ts';
export { listAssociationRequests, getAssociationRequest, type RequestsQuery } from './list-association-requests.ts';
export { showCustomerAssociation } from './show-customer-association.ts';
export { DEFAULT_PORTS, arrearsFromLedger, type AssociationPorts } from './association-ports.ts';
export {
  addMonths,
  planAssociationChange,
  windowRefusal,
  WINDOW_MONTHS,
  REQUEST_TTL_DAYS,
  CONFIRMATION_CODE_MINUTES,
  type AssociationFacts,
  type AssociationPlan,
  type Blocker,
  type PastRequest,
  type WindowRefusal,
} from './association-rules.ts';
export type { RequestView } from './request-view.ts';
