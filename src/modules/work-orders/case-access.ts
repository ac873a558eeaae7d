import type { Caller, CallerRole } from '../../platform/http/caller.ts';
import type { Side } from './case-status.ts';

/** 0: the operator ("Huawei") answers; 1: the customer's partner answers. (2, ISV, is not used here.) */
export type BusinessOwnership = 0 | 1;

/** Who a ticket belongs to, fixed when it is opened. */
export interface CaseScope {
  /** The account that opened it: a customer, or a partner for its own ticket. */
  customer_id: string;
  /** The customer's partner when a customer opened it; null for a partner's own ticket. */
  partner_id: string | null;
  /** The tier-1 distributor above that partner when the partner is a tier-2 reseller. */
  tier1_id: string | null;
  business_ownership: BusinessOwnership;
}

/**
 * How a caller stands to a ticket: it opened it, it answers it, it may only read it, or the ticket
 * does not exist for it (which must look exactly like a ticket that does not exist at all).
 *
 * - The operator's support staff see every ticket and answer the operator-owned ones.
 * - A customer sees its own tickets.
 * - A partner (or its staff) sees its own tickets, its customers' tickets and, for a tier-1, the
 *   tickets of its tier-2 resellers' customers; it answers its own customers' partner-owned tickets.
 *   A tier-1 reads but does not answer its resellers' customers' tickets.
 */
export type Relation = Side | 'viewer' | null;

const PARTNER_ROLES: readonly CallerRole[] = ['solution_provider', 'distributor', 'reseller', 'partner_operator'];

/** A partner or one of its staff users (who act with the partner's rights). */
export const isPartnerRole = (role: CallerRole): boolean => PARTNER_ROLES.includes(role);

export function relationOf(caller: Pick<Caller, 'role' | 'accountId'>, scope: CaseScope): Relation {
  if (caller.role === 'operator') return scope.business_ownership === 0 ? 'handler' : 'viewer';
  if (scope.customer_id === caller.accountId) return 'submitter';
  if (!isPartnerRole(caller.role)) return null;
  if (scope.partner_id === caller.accountId) return scope.business_ownership === 1 ? 'handler' : 'viewer';
  if (scope.tier1_id === caller.accountId) return 'viewer';
  return null;
}

/**
 * Who answers a new ticket. Partners give first-line service to the customers they resell to
 * (代售, association type 2) for what a partner can act on: bills, refunds, invoices, real-name
 * verification. Product faults and everything asked by referral customers (顾问销售, served and
 * invoiced by the cloud) or by partners themselves go to the operator.
 */
export function ownershipFor(submitter: { associationType: number | null }, businessType: { partner_may_handle: boolean }): BusinessOwnership {
  return submitter.associationType === 2 && businessType.partner_may_handle ? 1 : 0;
}
