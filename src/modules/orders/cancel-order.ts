import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import type { CouponPort } from './coupon-port.ts';
import { getOwnTopOrder } from './order-access.ts';
import { cannotCancel } from './orders.errors.ts';
import { findLines, findSubOrders, moveOrderStatus, type OrderRow } from './orders.repo.ts';
import { lockCustomer } from './pay-order.ts';
import { findResource, updateResource } from './resources.repo.ts';

/**
 * Closes an unpaid order (cancelled by the customer, or lapsed at its deadline): it and its
 * sub-orders become cancelled (4), coupons it held are free again, and resources an unpaid renewal
 * held are released for other operations. Returns false when the order was no longer pending.
 */
export async function closeUnpaidOrder(trx: Transaction<DB>, coupons: CouponPort, order: OrderRow, at: string): Promise<boolean> {
  const subs = order.isCombined ? await findSubOrders(trx, order.id) : [];
  const moved = await moveOrderStatus(trx, [order.id, ...subs.map((s) => s.id)], 6, { status: 4, closed_at: at, updated_at: at });
  if (moved === 0) return false;
  await coupons.release(trx, { orderId: order.id, at });
  if (order.orderType === 2) {
    for (const line of await findLines(trx, [order.id])) {
      const r = line.resourceId ? await findResource(trx, line.resourceId) : undefined;
      if (r && r.pendingOrderId === order.id) await updateResource(trx, r, { pending_order_id: null }, at);
    }
  }
  return true;
}

/** cancel_customer_order: only a pending-payment order (CBC.99005010), by its combined id when it has one. */
export async function cancelOrder(deps: Pick<Deps, 'db' | 'clock'>, coupons: CouponPort, caller: Caller, orderId: string, claim: IdempotencyClaim | null = null): Promise<null> {
  const at = deps.clock.now().toISOString();
  return runIdempotent(deps.db, claim, at, async (trx) => {
    await lockCustomer(trx, caller.accountId);
    const order = await getOwnTopOrder(trx, caller, orderId);
    if (order.status !== 6 || !(await closeUnpaidOrder(trx, coupons, order, at))) throw cannotCancel(orderId);
    return null;
  });
}
