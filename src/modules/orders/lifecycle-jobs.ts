import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import { ORDER_JOBS, resourceJobKey } from './order-jobs.ts';
import type { Conn } from './orders.repo.ts';
import { findRenewConfig } from './records.repo.ts';
import { chargeMoment, DEFAULT_DEDUCTION_DAYS } from './subscription-calendar.ts';

/**
 * Scheduling a main resource's next moments, in the transaction that set its expiry: the expiry
 * itself, and (when auto-renew is on) the charge before it. Children follow their main resource.
 */
export async function scheduleExpiry(trx: Transaction<DB>, now: Date, resourceId: string, expireTime: string): Promise<void> {
  await scheduleJob(trx, now, { kind: ORDER_JOBS.expire, key: resourceJobKey(resourceId, expireTime), runAt: new Date(expireTime), payload: { resourceId, expireTime } });
  const notice = new Date(new Date(expireTime).getTime() - EXPIRING_NOTICE_DAYS * 86_400_000);
  await scheduleJob(trx, now, {
    kind: ORDER_JOBS.expiringNotice,
    key: resourceJobKey(resourceId, expireTime),
    runAt: notice.getTime() > now.getTime() ? notice : now,
    payload: { resourceId, expireTime },
  });
}

/** How long before its expiry a resource is announced as expiring (`resource.expiring`). */
export const EXPIRING_NOTICE_DAYS = 7;

/**
 * `tag` tells apart the charges scheduled for one expiry (auto-renew turned off and on again): each
 * is a job of its own, and the renewal order's natural key makes sure only one of them charges.
 */
export async function scheduleAutoRenew(trx: Transaction<DB>, now: Date, customerId: string, resourceId: string, expireTime: string, tag: string | number): Promise<void> {
  const days = await deductionDays(trx, customerId);
  const at = chargeMoment(new Date(expireTime), days);
  await scheduleJob(trx, now, {
    kind: ORDER_JOBS.autoRenew,
    key: `${resourceJobKey(resourceId, expireTime)}#${tag}`,
    runAt: at.getTime() > now.getTime() ? at : now,
    payload: { resourceId, expireTime },
  });
}

/** Days before expiry that auto-renewals are charged: the customer's DEDUCTION_DATE (2–7), else 7. */
export async function deductionDays(db: Conn, customerId: string): Promise<number> {
  const value = (await findRenewConfig(db, customerId)).get('DEDUCTION_DATE');
  return value ? Number(value) : DEFAULT_DEDUCTION_DAYS;
}
