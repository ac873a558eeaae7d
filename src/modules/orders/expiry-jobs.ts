import type { Transaction } from 'kysely';
import type { DB, SubscriptionPhase } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { scheduleJob, type JobHandler } from '../../platform/jobs/jobs.ts';
import { SYSTEM_USER_NAME } from './auto-renew-job.ts';
import { convertResource } from './convert-to-on-demand.ts';
import type { CouponPort } from './coupon-port.ts';
import { ORDER_JOBS, resourceJobKey, resourcePayload } from './order-jobs.ts';
import { findCustomerPartner } from './orders.repo.ts';
import { lockCustomer } from './pay-order.ts';
import { findChildren, findResource, updateResource, type ResourceRow } from './resources.repo.ts';
import { addDays, graceAndRetentionDays } from './subscription-calendar.ts';

/**
 * A resource's end, step by step on the business clock: at expiry it enters the grace period (still
 * usable, status 5) or, when set so, becomes on-demand; when the grace period ends it is frozen
 * (retention period, status 4); when the retention period ends it is released (status 3). Grace
 * and retention last as the customer's level says. Each step applies to the main resource and its
 * children, and only if the resource is still in the phase and at the expiry the job was scheduled
 * for: a renewal moves the expiry and so turns every step scheduled before it into a no-op.
 */
async function step(
  deps: Deps,
  payload: unknown,
  from: SubscriptionPhase,
  event: string,
  act: (trx: Transaction<DB>, main: ResourceRow, family: ResourceRow[], days: { grace: number; retention: number }) => Promise<void>,
): Promise<void> {
  const { resourceId, expireTime } = resourcePayload(payload);
  await deps.db.kysely.transaction().execute(async (trx) => {
    const seen = await findResource(trx, resourceId);
    if (!seen) return;
    await lockCustomer(trx, seen.customerId);
    const main = await findResource(trx, resourceId);
    if (!main || !main.isMain || main.phase !== from || main.expireTime !== expireTime) return;
    const children = (await findChildren(trx, [main.id])).filter((c) => c.phase === from);
    const customer = await findCustomerPartner(trx, main.customerId);
    await act(trx, main, children, graceAndRetentionDays(customer?.level ?? null));
    await appendEvent(trx, resourceEvent(event, main, customer?.partnerId ?? null), deps.clock.now());
  });
}

/** A webhook event about a main resource (its children follow it). */
export function resourceEvent(type: string, main: ResourceRow, partnerId: string | null) {
  return {
    type,
    aggregateType: 'resource',
    aggregateId: main.id,
    payload: { resource_id: main.id, customer_id: main.customerId, partner_id: partnerId, expire_time: main.expireTime, to_on_demand: main.toOnDemand },
  };
}

/**
 * Seven days before expiry: `resource.expiring` for the partner's webhooks, if the resource is still
 * in use and still expiring then (a renewal since moved the expiry and scheduled its own notice).
 * A step that changes nothing but writes its event.
 */
export const expiringNoticeJob: JobHandler = async (deps, payload) => step(deps, payload, 'active', 'resource.expiring', async () => undefined);

async function moveAll(trx: Transaction<DB>, family: ResourceRow[], phase: SubscriptionPhase, at: string, closed = false): Promise<void> {
  for (const r of family) await updateResource(trx, r, { phase, ...(closed ? { closed_at: at, auto_renew: 0 } : {}) }, at);
}

export const expireJob =
  (coupons: CouponPort): JobHandler =>
  async (deps, payload) =>
    step(deps, payload, 'active', 'resource.expired', async (trx, main, children, days) => {
      const now = deps.clock.now();
      if (main.toOnDemand) {
        await convertResource(trx, deps.ids, coupons, main, new Date(main.expireTime), SYSTEM_USER_NAME, 'system:expiry', false);
        return;
      }
      await moveAll(trx, [main, ...children], 'grace', now.toISOString());
      const runAt = addDays(new Date(main.expireTime), days.grace);
      await scheduleJob(trx, now, { kind: ORDER_JOBS.freeze, key: resourceJobKey(main.id, main.expireTime), runAt, payload: { resourceId: main.id, expireTime: main.expireTime } });
    });

export const freezeJob: JobHandler = async (deps, payload) =>
  step(deps, payload, 'grace', 'resource.frozen', async (trx, main, children, days) => {
    const now = deps.clock.now();
    await moveAll(trx, [main, ...children], 'retention', now.toISOString());
    const runAt = addDays(new Date(main.expireTime), days.grace + days.retention);
    await scheduleJob(trx, now, { kind: ORDER_JOBS.release, key: resourceJobKey(main.id, main.expireTime), runAt, payload: { resourceId: main.id, expireTime: main.expireTime } });
  });

export const releaseJob: JobHandler = async (deps, payload) =>
  step(deps, payload, 'retention', 'resource.released', async (trx, main, children) => {
    await moveAll(trx, [main, ...children], 'released', deps.clock.now().toISOString(), true);
  });
