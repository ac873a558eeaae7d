import type { Transaction } from 'kysely';
import type { PeriodToOnDemandInstantlyReq, PeriodToOnDemandReq, UpdatePeriodToOnDemandInstantlyResponse, UpdatePeriodToOnDemandResponse } from '../../contract/generated/models.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Ids } from '../../platform/ids.ts';
import type { CouponPort } from './coupon-port.ts';
import { executeRefund } from './execute-refund.ts';
import { invalidParameter } from './orders.errors.ts';
import { lockCustomer } from './pay-order.ts';
import type { RefundPlan } from './plan-refund.ts';
import { isLive } from './provision.ts';
import { findChildren, findResources, updateResource, type ResourceRow } from './resources.repo.ts';
import { leavable, planResourceRefund } from './unsubscribe-resources.ts';

const NO_REFUND: RefundPlan = { periods: [], noReason: false, cash: 0n, credit: 0n, coupon: 0n, consumed: 0n, fee: 0n };

/**
 * Turns a main resource and its children into on-demand resources: a completed order of type 10,
 * the unused prepaid time refunded (bill type 24) when it happens before expiry, and the resources
 * leave their yearly/monthly term (status 3 there; status 1 among on-demand resources). On-demand
 * usage itself is rated by the usage issue, not here.
 */
export async function convertResource(trx: Transaction<DB>, ids: Ids, coupons: CouponPort, main: ResourceRow, now: Date, userName: string, initiatorId: string, refund: boolean): Promise<string> {
  const at = now.toISOString();
  const children = (await findChildren(trx, [main.id])).filter(isLive);
  const plan = refund ? (await planResourceRefund(trx, 'to_on_demand', main, children, now)).plan : NO_REFUND;
  const orderId = await executeRefund({ trx, ids, coupons, now, customerId: main.customerId, resources: [main, ...children], plan, orderType: 10, userName, initiatorId });
  for (const r of [main, ...children]) await updateResource(trx, r, { phase: 'on_demand', auto_renew: 0, to_on_demand: 0, closed_at: at }, at);
  return orderId;
}

/**
 * update_period_to_on_demand_instantly: each of 1–10 main resources becomes on-demand now, on its
 * own (one transaction each): SUCCESS with the order id, or FAIL with the reason.
 */
export async function convertToOnDemandNow(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, coupons: CouponPort, caller: Caller, body: PeriodToOnDemandInstantlyReq): Promise<UpdatePeriodToOnDemandInstantlyResponse> {
  const ids = body.resource_ids;
  if (ids.length < 1 || ids.length > 10) throw invalidParameter('resource_ids must name 1 to 10 resources');
  if (ids.some((id) => id.length < 1 || id.length > 64)) throw invalidParameter('a resource id is 1-64 characters');
  if (new Set(ids).size !== ids.length) throw invalidParameter('resource_ids names a resource twice');
  const results: NonNullable<UpdatePeriodToOnDemandInstantlyResponse['to_ondemand_service_results']> = [];
  for (const id of ids) {
    const now = deps.clock.now();
    try {
      const orderId = await deps.db.kysely.transaction().execute(async (trx) => {
        await lockCustomer(trx, caller.accountId);
        const [r] = await findResources(trx, caller.accountId, [id]);
        const main = leavable(id, r);
        if (main.phase !== 'active') throw new AppError('CBC.99003610', `resource ${id} is in its grace or retention period`);
        return convertResource(trx, deps.ids, coupons, main, now, caller.accountName, caller.accountId, true);
      });
      results.push({ resource_id: id, result: 'SUCCESS', order_id: orderId });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ resource_id: id, result: 'FAIL', error_code: e.code, error_msg: e.message });
    }
  }
  return { to_ondemand_service_results: results };
}

/**
 * update_period_to_on_demand: SET_UP makes 1–100 main resources become on-demand at expiry
 * (expire_policy 1, which turns auto-renew off: a resource has one expiry policy); CANCEL undoes
 * it. Per-resource refusals come back in error_details, the others take effect.
 */
export async function setToOnDemandAtExpiry(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, body: PeriodToOnDemandReq): Promise<UpdatePeriodToOnDemandResponse> {
  if (body.operation !== 'SET_UP' && body.operation !== 'CANCEL') throw invalidParameter('operation must be SET_UP or CANCEL');
  const ids = body.resource_ids;
  if (ids.length < 1 || ids.length > 100) throw invalidParameter('resource_ids must name 1 to 100 resources');
  if (new Set(ids).size !== ids.length) throw invalidParameter('resource_ids names a resource twice');
  const at = deps.clock.now().toISOString();
  const details: NonNullable<UpdatePeriodToOnDemandResponse['error_details']> = [];
  await deps.db.kysely.transaction().execute(async (trx) => {
    await lockCustomer(trx, caller.accountId);
    const found = new Map((await findResources(trx, caller.accountId, ids)).map((r) => [r.id, r]));
    for (const id of ids) {
      const r = found.get(id);
      const fail = (error_code: string, error_msg: string) => details.push({ id, error_code, error_msg });
      if (!r || !isLive(r)) fail('CBC.99003012', `resource ${id} does not exist`);
      else if (!r.isMain) fail('CBC.30010036', `resource ${id} is not a main resource`);
      else if (r.phase !== 'active') fail('CBC.99003610', `resource ${id} is in its grace or retention period`);
      else if (r.pendingOrderId !== null) fail('CBC.99003623', `resource ${id} has another transaction in progress`);
      else await updateResource(trx, r, body.operation === 'SET_UP' ? { to_on_demand: 1, auto_renew: 0 } : { to_on_demand: 0 }, at);
    }
  });
  return { error_details: details };
}
