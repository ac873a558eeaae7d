/**
 * The kinds of job the orders module schedules (in the transaction of the change that needs
 * them) and the keys that make each one happen once. Every handler checks that what it was
 * scheduled for still holds (the order still pending, the resource still expiring at that
 * instant), so a stale or repeated job does nothing.
 */
export const ORDER_JOBS = {
  /** An unpaid order lapses at its payment deadline. Key: the order id. */
  lapse: 'orders.lapse',
  /** Auto-renewal is charged (DEDUCTION_DATE, default 7 days before expiry, 03:00 UTC+8); retried daily. Key: resource@expiry[#retry-day]. */
  autoRenew: 'subscriptions.auto-renew',
  /** The resource reaches its expiry: grace period, or conversion to on-demand. Key: resource@expiry. */
  expire: 'subscriptions.expire',
  /** The grace period ends: the resource is frozen (retention period). Key: resource@expiry. */
  freeze: 'subscriptions.freeze',
  /** The retention period ends: the resource is released. Key: resource@expiry. */
  release: 'subscriptions.release',
  /** Seven days before expiry: a `resource.expiring` event for webhooks. Key: resource@expiry. */
  expiringNotice: 'subscriptions.expiring-notice',
} as const;

export const resourceJobKey = (resourceId: string, expireTime: string) => `${resourceId}@${expireTime}`;

export interface ResourceJobPayload {
  resourceId: string;
  /** The expiry the job was scheduled for: when the resource's expiry moved since, the job is stale. */
  expireTime: string;
}

export function resourcePayload(payload: unknown): ResourceJobPayload {
  const p = payload as Partial<ResourceJobPayload> | null;
  if (!p || typeof p.resourceId !== 'string' || typeof p.expireTime !== 'string') throw new Error('bad resource job payload');
  return { resourceId: p.resourceId, expireTime: p.expireTime };
}
