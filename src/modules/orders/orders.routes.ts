import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { idempotencyClaimOf } from '../../platform/http/idempotency-key.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { listCustomerOrders } from './list-customer-orders.ts';
import { listOrderDiscounts } from './list-order-discounts.ts';
import { invalidParameter } from './orders.errors.ts';
import { showOrderDetails } from './show-order-details.ts';

/** The request body, or CBC.0100 when an operation that needs one got none. */
export function bodyOf<T>(body: T | undefined): T {
  if (body === undefined || body === null) throw invalidParameter('body is required');
  return body;
}

export const claimOf = (request: FastifyRequest, caller: Caller, operation: string, body: unknown) => idempotencyClaimOf(request, caller.accountId, operation, body);

/** The partner API's order and subscription operations, bound to their use cases. Reads deps only when called. */
export function ordersHandlers(deps: Deps): OperationHandlers {
  return {
    list_customer_orders: async ({ caller, query }) => listCustomerOrders(deps, caller, query),
    list_order_discounts: async ({ caller, query }) => listOrderDiscounts(deps, caller, query.order_id),
    show_customer_order_details: async ({ caller, params, query, language }) => showOrderDetails(deps, caller, params.order_id, query, language),
  };
}
