import type { RenewalResourcesReq, RenewalResourcesResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { quoteRenewal } from '../rating/index.ts';
import type { CouponPort } from './coupon-port.ts';
import { expiredOrMissing, inUnpaidOrder, invalidParameter, notMainResource, periodInvalid, tooLong } from './orders.errors.ts';
import { lockCustomer } from './pay-order.ts';
import { isLive } from './provision.ts';
import { createRenewalOrder, payAutomatically, renewalSubjectOf } from './renewal-order.ts';
import { findChildren, findResources, type ResourceRow } from './resources.repo.ts';
import { addPeriod, MAX_AHEAD_YEARS, type PeriodUnit } from './subscription-calendar.ts';

/** Checks the request of renewal_resources (and of its price inquiry): 1–10 main ids, months 1–11 or years 1–3. */
export function checkRenewalRequest(body: RenewalResourcesReq): { ids: string[]; periodType: PeriodUnit; periodNum: number; autoPay: boolean } {
  const ids = body.resource_ids;
  if (ids.length < 1 || ids.length > 10) throw invalidParameter('resource_ids must name 1 to 10 main resources');
  if (ids.some((id) => id.length < 1 || id.length > 64)) throw invalidParameter('a resource id is 1-64 characters');
  if (new Set(ids).size !== ids.length) throw invalidParameter('resource_ids names a resource twice');
  if (body.period_type !== 2 && body.period_type !== 3) throw periodInvalid('period_type must be 2 (month) or 3 (year)');
  const max = body.period_type === 2 ? 11 : 3;
  if (!Number.isInteger(body.period_num) || body.period_num < 1 || body.period_num > max) throw periodInvalid(`period_num must be 1..${max}`);
  const autoPay = body.is_auto_pay ?? 0;
  if (autoPay !== 0 && autoPay !== 1) throw invalidParameter('is_auto_pay must be 0 or 1');
  return { ids, periodType: body.period_type, periodNum: body.period_num, autoPay: autoPay === 1 };
}

/** A main resource that can be renewed now, with its children; the refusals renewal_resources documents. */
export function renewable(id: string, found: ResourceRow | undefined): ResourceRow {
  if (!found || !isLive(found)) throw expiredOrMissing(id);
  if (!found.isMain) throw notMainResource(id);
  if (found.pendingOrderId !== null) throw inUnpaidOrder(id, found.pendingOrderId);
  return found;
}

/**
 * Renews main resources with their children (renewal_resources): one pending renewal order per main
 * resource, priced now with the discounts that reach the customer. With is_auto_pay 1 each order is
 * paid at once (business discount first, cash before credit); one the balances cannot cover stays
 * pending and is reported in fail_resource_infos (CBC.30050006). A renewal starts at the current
 * expiry, even in the grace or retention period, and may not take the resource more than five
 * years ahead.
 */
export async function renewResources(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  coupons: CouponPort,
  caller: Caller,
  body: RenewalResourcesReq,
  claim: IdempotencyClaim | null = null,
): Promise<RenewalResourcesResponse> {
  const req = checkRenewalRequest(body);
  const db = deps.db.kysely;
  const found = new Map((await findResources(db, caller.accountId, req.ids)).map((r) => [r.id, r]));
  const mains = req.ids.map((id) => renewable(id, found.get(id)));
  const children = (await findChildren(db, req.ids)).filter(isLive);
  const quote = await quoteRenewal(deps, {
    customerId: caller.accountId,
    subjects: mains.map((m) => renewalSubjectOf(m, children.filter((c) => c.parentId === m.id))),
    periodType: req.periodType,
    periodNum: req.periodNum,
    includeChildren: true,
    places: 2,
  });
  if (quote.failures.length > 0) throw new AppError('CBC.30010069', `resource ${quote.failures[0]!.resourceId} cannot be renewed for ${req.periodNum} × period type ${req.periodType}`);
  const now = deps.clock.now();
  const limit = addPeriod(now, 3, MAX_AHEAD_YEARS).getTime();
  return runIdempotent(deps.db, claim, now.toISOString(), async (trx) => {
    await lockCustomer(trx, caller.accountId);
    const current = new Map((await findResources(trx, caller.accountId, [...req.ids, ...children.map((c) => c.id)])).map((r) => [r.id, r]));
    const orderIds: string[] = [];
    const failed: Array<{ resource_id: string; error_code: string; error_msg: string }> = [];
    for (const seen of mains) {
      const main = renewable(seen.id, current.get(seen.id));
      const kids = children.filter((c) => c.parentId === main.id).map((c) => current.get(c.id)!);
      // Anything that changed since the quote (another renewal, an unsubscribe) is an order in progress.
      if (main.version !== seen.version || kids.some((k, i) => k.version !== children.filter((c) => c.parentId === main.id)[i]!.version)) {
        throw new AppError('CBC.99003144', `resource ${main.id} has an order in progress; try again`);
      }
      if (addPeriod(new Date(main.expireTime), req.periodType, req.periodNum).getTime() > limit) throw tooLong(main.id);
      const orderId = await createRenewalOrder(trx, deps.ids, {
        customerId: caller.accountId,
        main,
        children: kids,
        plan: quote.plan,
        periodType: req.periodType,
        periodNum: req.periodNum,
        now,
        sourceType: 1,
        userName: caller.accountName,
        naturalKey: null,
        hold: true,
      });
      orderIds.push(orderId);
      if (req.autoPay && !(await payAutomatically(trx, deps.ids, coupons, orderId, now, false, caller.accountId))) {
        failed.push({ resource_id: main.id, error_code: 'CBC.30050006', error_msg: 'auto-pay failed: insufficient balance; the renewal order waits for payment' });
      }
    }
    return { order_ids: orderIds, fail_resource_infos: failed };
  });
}
