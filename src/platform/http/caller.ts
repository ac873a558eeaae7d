import type { PartnerType } from '../db/schema.ts';

/**
 * Who is calling, as established by the signature or token check. Roles follow the partner
 * documents: the operator runs the platform; solution providers and tier-1 distributors are
 * partners; tier-2 resellers sit under a tier-1; partner operators are a partner's staff users.
 */
export type CallerRole =
  | 'operator'
  | 'solution_provider'
  | 'distributor'
  | 'reseller'
  | 'partner_operator'
  | 'customer';

export const CALLER_ROLES: readonly CallerRole[] = [
  'operator',
  'solution_provider',
  'distributor',
  'reseller',
  'partner_operator',
  'customer',
];

export interface Caller {
  /** The root account (domain) the caller belongs to; every query is scoped by it. */
  accountId: string;
  accountName: string;
  userId: string;
  role: CallerRole;
  /** For partners and their operators: the partner's type. */
  partnerType: PartnerType | null;
  /** For a tier-2 reseller (or its operator): its tier-1 distributor. */
  parentId: string | null;
  credential: 'aksk' | 'token';
  /** For assume-role tokens: the partner account that acts as this customer. */
  delegatedBy: string | null;
}

/** The account whose partner rights apply (a partner operator acts with its partner's). */
export function isPartnerCaller(c: Caller): boolean {
  return c.role === 'solution_provider' || c.role === 'distributor' || c.role === 'reseller' || c.role === 'partner_operator';
}

export function isDistributorCaller(c: Caller): boolean {
  return c.role === 'distributor' || (c.role === 'partner_operator' && c.partnerType === 'distributor');
}
