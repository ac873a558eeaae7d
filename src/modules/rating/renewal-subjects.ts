import type { ProductKey } from '../catalog/index.ts';

/**
 * What renewal pricing needs to know about a subscribed resource. The subscriptions live in the
 * orders module; it answers these lookups (a port, so that rating does not reach into its tables).
 */
export interface RenewalSubject {
  resourceId: string;
  product: ProductKey;
  resourceSize: number | null;
  sizeMeasureId: number | null;
  subscriptionNum: number;
  /** Child resources renewed with the main one (disks of a server, a dedicated EIP's bandwidth). */
  children: RenewalSubject[];
}

/** Per-resource refusals, answered with HTTP 200 inside fail_resource_infos (renew-rate status codes). */
export type RenewalFailureCode =
  | 'CBC.30050007' // not a main resource
  | 'CBC.30050008' // no such period type or number for the resource
  | 'CBC.30050009' // expired and deleted, or not found
  | 'CBC.30050010' // in an unpaid order
  | 'CBC.30050011' // being unsubscribed or changed
  | 'CBC.30050013'; // not renewable

export const RENEWAL_FAILURE_MESSAGES: Record<RenewalFailureCode, string> = {
  'CBC.30050007': 'not a main resource; renewal inquiries name main resources',
  'CBC.30050008': 'the resource has no such period type or number of periods',
  'CBC.30050009': 'the resource has expired and been deleted, or does not exist',
  'CBC.30050010': 'the resource is in an unpaid order',
  'CBC.30050011': 'the resource is being unsubscribed or changed',
  'CBC.30050013': 'the product cannot be renewed',
};

export type RenewalLookup = { resourceId: string; subject: RenewalSubject } | { resourceId: string; failure: RenewalFailureCode };

/** Finds a customer's resources for renewal; one answer per id asked, in any order. */
export type FindRenewalSubjects = (customerId: string, resourceIds: string[]) => Promise<RenewalLookup[]>;

/** Until the orders module supplies subscriptions, no resource exists. */
export const noRenewalSubjects: FindRenewalSubjects = async (_customerId, ids) => ids.map((resourceId) => ({ resourceId, failure: 'CBC.30050009' as const }));
