import type { Transaction } from 'kysely';
import type { CancelResourcesSubscriptionResponse, UnsubscribeResourcesReq } from '../../contract/generated/models.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { findAccountById } from '../identity/index.ts';
import type { CouponPort } from './coupon-port.ts';
import { executeRefund } from './execute-refund.ts';
import { scheduleAutoRenew, scheduleExpiry } from './lifecycle-jobs.ts';
import { accountFrozen, inUnpaidOrder, invalidParameter, noRenewedPeriod, operateAsWhole, resourceFrozen, resourceGone, resourceNotFound } from './orders.errors.ts';
import { findOrder } from './orders.repo.ts';
import { lockCustomer } from './pay-order.ts';
import { planRefund, type RefundablePeriod, type RefundMode, type RefundRules } from './plan-refund.ts';
import { isLive } from './provision.ts';
import { findChildren, findPeriods, findResources, updateResource, type ResourceRow } from './resources.repo.ts';

export function checkUnsubscribeRequest(body: UnsubscribeResourcesReq): { ids: string[]; type: 1 | 2 } {
  const ids = body.resource_ids;
  if (ids.length < 1 || ids.length > 10) throw invalidParameter('resource_ids must name 1 to 10 resources');
  if (ids.some((id) => id.length < 1 || id.length > 64)) throw invalidParameter('a resource id is 1-64 characters');
  if (new Set(ids).size !== ids.length) throw invalidParameter('resource_ids names a resource twice');
  if (body.unsubscribe_type !== 1 && body.unsubscribe_type !== 2) throw invalidParameter('unsubscribe_type must be 1 or 2');
  const reasonType = body.unsubscribe_reason_type;
  if (reasonType !== undefined && reasonType !== null && (!Number.isInteger(reasonType) || reasonType < 1 || reasonType > 5)) throw invalidParameter('unsubscribe_reason_type must be 1..5');
  if ((body.unsubscribe_reason ?? '').length > 512) throw invalidParameter('unsubscribe_reason is at most 512 characters');
  return { ids, type: body.unsubscribe_type };
}

/** The documented refusals for a resource a customer wants to leave (unsubscribe, or convert at once). */
export function leavable(id: string, r: ResourceRow | undefined): ResourceRow {
  if (!r) throw resourceNotFound(id);
  if (r.parentId !== null) throw operateAsWhole(id, r.parentId);
  if (!isLive(r)) throw resourceGone(id);
  if (r.phase === 'retention') throw resourceFrozen(id);
  if (r.pendingOrderId !== null) throw inUnpaidOrder(id, r.pendingOrderId);
  return r;
}

/** Plans the refund of a main resource with its children, from their paid periods. */
export async function planResourceRefund(trx: Transaction<DB>, mode: RefundMode, main: ResourceRow, children: readonly ResourceRow[], now: Date, rules?: RefundRules) {
  const family = [main.id, ...children.map((c) => c.id)];
  // The main resource's periods first, then each child's, each in time order: refunds and their details read in that order.
  const periods = (await findPeriods(trx, family)).sort((a, b) => family.indexOf(a.resourceId) - family.indexOf(b.resourceId) || (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0));
  const purchase = await findOrder(trx, main.orderId);
  const refundable: RefundablePeriod[] = periods.map((p) => ({ ...p, refunded: p.refundOrderId !== null }));
  const plan = planRefund({ mode, at: now, periods: refundable, purchasedAt: purchase?.paymentTime ? new Date(purchase.paymentTime) : null, ...(rules ? { rules } : {}) });
  return { plan, periods };
}

/**
 * Unsubscribes resources (cancel_resources_subscription), main resources with their children,
 * all or none. Type 1 ends the resource and its renewals: the unused time comes back (docs/orders.md,
 * the refund rule; all of it within 5 days of the purchase). Type 2 keeps the resource and refunds
 * only renewed periods not yet in force (CBC.99003128 when there are none), moving the expiry back.
 * One completed unsubscribe order per main resource.
 */
export async function unsubscribeResources(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  coupons: CouponPort,
  caller: Caller,
  body: UnsubscribeResourcesReq,
  claim: IdempotencyClaim | null = null,
  rules?: RefundRules,
): Promise<CancelResourcesSubscriptionResponse> {
  const req = checkUnsubscribeRequest(body);
  const now = deps.clock.now();
  const at = now.toISOString();
  return runIdempotent(deps.db, claim, at, async (trx) => {
    await lockCustomer(trx, caller.accountId);
    const account = await findAccountById(trx, caller.accountId);
    if (account?.status === 'frozen') throw accountFrozen(caller.accountId);
    const found = new Map((await findResources(trx, caller.accountId, req.ids)).map((r) => [r.id, r]));
    const mains = req.ids.map((id) => leavable(id, found.get(id)));
    const orderIds: string[] = [];
    for (const main of mains) {
      const children = (await findChildren(trx, [main.id])).filter(isLive);
      const { plan, periods } = await planResourceRefund(trx, req.type === 1 ? 'unsubscribe' : 'renewals_only', main, children, now, rules);
      if (req.type === 2 && plan.periods.length === 0) throw noRenewedPeriod(main.id);
      orderIds.push(await executeRefund({ trx, ids: deps.ids, coupons, now, customerId: caller.accountId, resources: [main, ...children], plan, orderType: 4, userName: caller.accountName, initiatorId: caller.accountId }));
      if (req.type === 1) {
        for (const r of [main, ...children]) await updateResource(trx, r, { phase: 'unsubscribed', auto_renew: 0, to_on_demand: 0, closed_at: at }, at);
        continue;
      }
      // Type 2: the term now ends where the first refunded renewal began.
      const refunded = new Set(plan.periods.map((p) => p.periodId));
      for (const r of [main, ...children]) {
        const kept = periods.filter((p) => p.resourceId === r.id && p.refundOrderId === null && !refunded.has(p.id));
        const expire = kept.reduce((a, p) => (p.endsAt > a ? p.endsAt : a), r.effectiveTime);
        await updateResource(trx, r, { expire_time: expire }, at);
        if (r.id === main.id) {
          await scheduleExpiry(trx, now, r.id, expire);
          if (r.autoRenew) await scheduleAutoRenew(trx, now, caller.accountId, r.id, expire, `unsub-${now.getTime()}`);
        }
      }
    }
    return { order_ids: orderIds, fail_resource_infos: [] };
  });
}
