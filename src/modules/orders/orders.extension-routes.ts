import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { idempotencyClaimOf } from '../../platform/http/idempotency-key.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { languageOf } from '../../contract/register-partner-api.ts';
import { IdempotencyHeaders, OperatorPlaceOrderBody, orderLinesOf, PlacedOrderResponse, PlaceOrderBody } from './order-schemas.ts';
import { invalidOrder } from './orders.errors.ts';
import { findOrder } from './orders.repo.ts';
import { placeOrder, type PlacedOrder } from './place-order.ts';
import { previewUnsubscribe } from './preview-unsubscribe.ts';
import { UnsubscribePreviewBody, UnsubscribePreviewResponse } from './order-schemas.ts';
import { orderDetails } from './show-order-details.ts';

/** user_name of orders the operator places for a customer (the value Huawei's back office shows). */
export const OPERATOR_USER_NAME = '运营人员';

async function placedAnswer(deps: Deps, placed: PlacedOrder, language: 'zh_CN' | 'en_US') {
  const order = await findOrder(deps.db.kysely, placed.order_id);
  if (!order) throw invalidOrder(placed.order_id);
  const details = await orderDetails(deps, order, { offset: 0, limit: 100 }, language);
  return { ...placed, order_info: details.order_info!, order_line_items: details.order_line_items ?? [] };
}

/**
 * Placing orders: not an operation of the partner API (Huawei's orders come from its consoles),
 * so an extension for the customer console (signed by the customer, or by a partner with an
 * assumed customer token) and for the operator and sandbox.
 */
export function registerOrderExtensionRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  app.post<{ Body: Static<typeof PlaceOrderBody> }>(
    '/v2/orders/customer-orders',
    {
      schema: {
        tags: ['Orders and subscriptions'],
        operationId: 'place_customer_order',
        summary: 'place customer order (extension)',
        description:
          'Places a new purchase of yearly/monthly products for the calling customer, priced as list_rate_on_period_detail prices them (one-time fees included, 2 decimals). Every discount reaching the customer is locked into the order and the best offer pre-selected. One main product (with the child products naming it in main_product_id) is one order; several main products make a combined order whose sub-orders are listed. The order is pending payment (status 6) for 7 days; pay it with pay_orders.',
        headers: IdempotencyHeaders,
        body: PlaceOrderBody,
        response: { 201: PlacedOrderResponse, ...OperatorError },
      },
      preValidation: guards.anyCaller,
    },
    async (request, reply) => {
      const caller = request.caller!;
      if (caller.role !== 'customer') throw new AppError('CBC.0151', 'access denied: only customers place orders (a partner acts with an assumed customer token)');
      const claim = idempotencyClaimOf(request, caller.accountId, 'place_customer_order', request.body);
      const placed = await placeOrder(deps, { customerId: caller.accountId, lines: orderLinesOf(request.body.product_infos), userName: caller.accountName }, claim);
      return reply.code(201).send(await placedAnswer(deps, placed, languageOf(request)));
    },
  );
  app.post<{ Body: Static<typeof OperatorPlaceOrderBody> }>(
    '/operator/v1/orders',
    {
      schema: {
        tags: ['Operator: orders'],
        summary: 'Place a pending-payment order of yearly/monthly products for a customer',
        description: 'As the customer extension does, for any customer; user_name is 运营人员.',
        headers: IdempotencyHeaders,
        body: OperatorPlaceOrderBody,
        response: { 201: PlacedOrderResponse, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const claim = idempotencyClaimOf(request, 'operator', 'place_customer_order', request.body);
      const placed = await placeOrder(deps, { customerId: request.body.customer_id, lines: orderLinesOf(request.body.product_infos), userName: OPERATOR_USER_NAME }, claim);
      return reply.code(201).send(await placedAnswer(deps, placed, languageOf(request)));
    },
  );
  app.post<{ Body: Static<typeof UnsubscribePreviewBody> }>(
    '/v2/orders/subscriptions/resources/unsubscribe/preview',
    {
      schema: {
        tags: ['Orders and subscriptions'],
        operationId: 'preview_resources_unsubscription',
        summary: 'preview an unsubscribe refund (extension)',
        description:
          'What cancel_resources_subscription with the same body would refund now, computed by the same rule (docs/orders.md, "Refunds") with the same refusals, and nothing changed. Amounts in yuan, summed over the named main resources and their children.',
        body: UnsubscribePreviewBody,
        response: { 200: UnsubscribePreviewResponse, ...OperatorError },
      },
      preValidation: guards.anyCaller,
    },
    async (request) => {
      const caller = request.caller!;
      if (caller.role !== 'customer') throw new AppError('CBC.0151', 'access denied: only customers preview their own unsubscribes (a partner acts with an assumed customer token)');
      return previewUnsubscribe(deps, caller, request.body);
    },
  );
}
