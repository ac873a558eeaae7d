import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { closeUnpaidOrder } from './cancel-order.ts';
import type { CouponPort } from './coupon-port.ts';
import { findOrder } from './orders.repo.ts';
import { lockCustomer } from './pay-order.ts';

/** The lapse job: an order still unpaid at its payment deadline is cancelled. Paid or cancelled orders are left alone. */
export const lapseOrderJob =
  (coupons: CouponPort): JobHandler =>
  async (deps, payload) => {
    const orderId = (payload as { orderId?: unknown } | null)?.orderId;
    if (typeof orderId !== 'string') throw new Error('bad lapse payload');
    const at = deps.clock.now().toISOString();
    await deps.db.kysely.transaction().execute(async (trx) => {
      const order = await findOrder(trx, orderId);
      if (!order || order.status !== 6 || (order.deadline !== null && order.deadline > at)) return;
      await lockCustomer(trx, order.customerId);
      await closeUnpaidOrder(trx, coupons, order, at);
    });
  };
