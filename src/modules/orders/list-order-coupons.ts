import type { ListOrderCouponsByOrderIdResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { CouponPort } from './coupon-port.ts';
import { getOwnTopOrder } from './order-access.ts';
import { findLines, findSubOrders } from './orders.repo.ts';

/**
 * The coupons a customer could pay an order with (list_order_coupons_by_order_id), as the coupons
 * module judges them against what each line costs now. Only a pending order has any.
 */
export async function listOrderCoupons(deps: Pick<Deps, 'db' | 'clock'>, coupons: CouponPort, caller: Caller, orderId: string): Promise<ListOrderCouponsByOrderIdResponse> {
  const db = deps.db.kysely;
  const order = await getOwnTopOrder(db, caller, orderId);
  if (order.status !== 6) return { count: 0, user_coupons: [], coupon_max_use_quantity: [] };
  const subs = order.isCombined ? await findSubOrders(db, order.id) : [];
  const lines = await findLines(db, subs.length ? subs.map((s) => s.id) : [order.id]);
  return coupons.listUsable(db, {
    customerId: caller.accountId,
    orderId: order.id,
    at: deps.clock.now().toISOString(),
    scope: { subscribeType: order.orderType === 2 ? 'renew' : 'new', lines: lines.map((l) => ({ serviceTypeCode: l.serviceTypeCode, productId: l.productId, amount: l.amount })) },
  });
}
