import type { Deps } from '../../platform/deps.ts';
import { scheduleJob, type JobHandler } from '../../platform/jobs/jobs.ts';
import { quoteRenewal } from '../rating/index.ts';
import type { CouponPort } from './coupon-port.ts';
import { deductionDays } from './lifecycle-jobs.ts';
import { ORDER_JOBS, resourceJobKey, resourcePayload } from './order-jobs.ts';
import { findCustomerPartner, findOrderByNaturalKey } from './orders.repo.ts';
import { lockCustomer } from './pay-order.ts';
import { isLive } from './provision.ts';
import { createRenewalOrder, payAutomatically, renewalSubjectOf } from './renewal-order.ts';
import { findChildren, findResource, type ResourceRow } from './resources.repo.ts';
import { addDays, chargeMoment, graceAndRetentionDays, nextDailyRetry } from './subscription-calendar.ts';

/** user_name of orders the platform creates by itself (the value Huawei shows for them). */
export const SYSTEM_USER_NAME = '运营系统';

class ShortOfFunds extends Error {}

const stillDue = (r: ResourceRow | undefined, expireTime: string): r is ResourceRow => !!r && r.isMain && r.autoRenew && r.expireTime === expireTime && isLive(r);

/**
 * The auto-renewal charge. It renews a resource once per expiry: the renewal order's natural key
 * (autorenew:<resource>@<expiry>) is unique, and a renewal moves the expiry, so a second run of the
 * job, or a second job for the same expiry, finds nothing to do. When the balances cannot cover
 * it, nothing is created and it is tried again at 03:00 UTC+8 the next day, until the retention
 * period ends.
 */
export const autoRenewJob =
  (coupons: CouponPort): JobHandler =>
  async (deps, payload) => {
    const { resourceId, expireTime } = resourcePayload(payload);
    const db = deps.db.kysely;
    const now = deps.clock.now();
    const seen = await findResource(db, resourceId);
    if (!stillDue(seen, expireTime)) return;
    const naturalKey = `autorenew:${resourceId}@${expireTime}`;
    if (await findOrderByNaturalKey(db, naturalKey)) return;
    const days = await deductionDays(db, seen.customerId);
    // Scheduled under an earlier deduction day: the charge under the current one is still to come.
    if (now.getTime() < chargeMoment(new Date(expireTime), days).getTime()) return;
    if (seen.pendingOrderId !== null) return retryTomorrow(deps, seen, now);
    const children = (await findChildren(db, [seen.id])).filter(isLive);
    const periodType = (seen.autoRenewPeriodType ?? seen.periodType) === 2 ? 2 : 3;
    const quote = await quoteRenewal(deps, { customerId: seen.customerId, subjects: [renewalSubjectOf(seen, children)], periodType, periodNum: 1, includeChildren: true, places: 2 });
    if (quote.failures.length > 0) {
      deps.log.warn({ resourceId, periodType }, 'auto-renewal: the product has no price for one period; not renewed');
      return;
    }
    try {
      await db.transaction().execute(async (trx) => {
        await lockCustomer(trx, seen.customerId);
        const main = await findResource(trx, resourceId);
        if (!stillDue(main, expireTime) || main.version !== seen.version || main.pendingOrderId !== null) return;
        if (await findOrderByNaturalKey(trx, naturalKey)) return;
        const kids = (await findChildren(trx, [main.id])).filter(isLive);
        const orderId = await createRenewalOrder(trx, deps.ids, {
          customerId: main.customerId,
          main,
          children: kids,
          plan: quote.plan,
          periodType,
          periodNum: 1,
          now,
          sourceType: 8,
          userName: SYSTEM_USER_NAME,
          naturalKey,
          hold: false,
        });
        if (!(await payAutomatically(trx, deps.ids, coupons, orderId, now, true, 'system:auto-renew'))) throw new ShortOfFunds();
      });
    } catch (e) {
      if (e instanceof ShortOfFunds) return retryTomorrow(deps, seen, now);
      throw e;
    }
  };

/** Schedules the next daily attempt, unless it would fall after the retention period's end. */
async function retryTomorrow(deps: Deps, r: ResourceRow, now: Date): Promise<void> {
  const next = nextDailyRetry(now);
  const customer = await findCustomerPartner(deps.db.kysely, r.customerId);
  const { grace, retention } = graceAndRetentionDays(customer?.level ?? null);
  const end = addDays(new Date(r.expireTime), grace + retention);
  if (next.getTime() >= end.getTime()) return;
  await scheduleJob(deps.db.kysely, now, {
    kind: ORDER_JOBS.autoRenew,
    key: `${resourceJobKey(r.id, r.expireTime)}#retry-${next.toISOString()}`,
    runAt: next,
    payload: { resourceId: r.id, expireTime: r.expireTime },
  });
}
