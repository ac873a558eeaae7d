import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { idempotencyClaimOf, takingIdempotencyKey } from '../../platform/http/idempotency-key.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { cancelOrder } from './cancel-order.ts';
import { noCoupons, type CouponPort } from './coupon-port.ts';
import { listCustomerOrders } from './list-customer-orders.ts';
import { listOrderCoupons } from './list-order-coupons.ts';
import { listOnDemandResources } from './list-on-demand-resources.ts';
import { listPeriodResources } from './list-period-resources.ts';
import { payOrder } from './pay-order.ts';
import { renewResources } from './renew-resources.ts';
import { cancelAutoRenew, enableAutoRenew, setRenewConfig } from './set-auto-renew.ts';
import { convertToOnDemandNow, setToOnDemandAtExpiry } from './convert-to-on-demand.ts';
import { unsubscribeResources } from './unsubscribe-resources.ts';
import { showRefundOrder } from './show-refund-order.ts';
import { checkPayRequest } from './plan-payment.ts';
import { listOrderDiscounts } from './list-order-discounts.ts';
import { invalidParameter } from './orders.errors.ts';
import { showOrderDetails } from './show-order-details.ts';

/** The request body, or CBC.0100 when an operation that needs one got none. */
export function bodyOf<T>(body: T | undefined): T {
  if (body === undefined || body === null) throw invalidParameter('body is required');
  return body;
}

export const claimOf = (request: FastifyRequest, caller: Caller, operation: string, body: unknown) => idempotencyClaimOf(request, caller.accountId, operation, body);

/**
 * The partner API's order and subscription operations, bound to their use cases. Reads deps only
 * when called. `coupons` is the coupon port: src/contract/handlers.ts passes the coupons module's
 * (couponsPort); without one, no coupon can be used.
 */
export function ordersHandlers(deps: Deps, coupons: CouponPort = noCoupons): OperationHandlers {
  return {
    pay_orders: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      await payOrder(deps, coupons, caller, b.order_id, checkPayRequest(b), claimOf(request, caller, 'pay_orders', b));
    }),
    cancel_customer_order: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      await cancelOrder(deps, coupons, caller, b.order_id, claimOf(request, caller, 'cancel_customer_order', b));
    }),
    renewal_resources: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      return renewResources(deps, coupons, caller, b, claimOf(request, caller, 'renewal_resources', b));
    }),
    auto_renewal_resources: async ({ caller, params, body }) => enableAutoRenew(deps, caller, params.resource_id, body),
    cancel_auto_renewal_resources: async ({ caller, params }) => cancelAutoRenew(deps, caller, params.resource_id),
    set_resources_renew_config: async ({ caller, body }) => setRenewConfig(deps, caller, bodyOf(body)),
    update_period_to_on_demand: async ({ caller, body }) => setToOnDemandAtExpiry(deps, caller, bodyOf(body)),
    update_period_to_on_demand_instantly: async ({ caller, body }) => convertToOnDemandNow(deps, coupons, caller, bodyOf(body)),
    cancel_resources_subscription: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      return unsubscribeResources(deps, coupons, caller, b, claimOf(request, caller, 'cancel_resources_subscription', b));
    }),
    show_refund_order_details: async ({ caller, query }) => showRefundOrder(deps, caller, query),
    list_order_coupons_by_order_id: async ({ caller, query }) => listOrderCoupons(deps, coupons, caller, query.order_id),
    list_customer_orders: async ({ caller, query }) => listCustomerOrders(deps, caller, query),
    list_order_discounts: async ({ caller, query }) => listOrderDiscounts(deps, caller, query.order_id),
    list_pay_per_use_customer_resources: async ({ caller, body, language }) => listPeriodResources(deps, caller, body ?? {}, language),
    list_customer_on_demand_resources: async ({ caller, body, language }) => listOnDemandResources(deps, caller, bodyOf(body), language),
    show_customer_order_details: async ({ caller, params, query, language }) => showOrderDetails(deps, caller, params.order_id, query, language),
  };
}
