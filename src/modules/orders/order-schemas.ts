import { Type, type Static } from '@sinclair/typebox';
import { CustomerOrderV3, OrderLineItemEntityV2, UnsubscribeResourcesReq } from '../../contract/generated/models.ts';
import type { PlaceOrderLine } from './place-order.ts';

/** Schemas of the order-placing extension (the partner API has no operation for it). */

export const OrderProductInfo = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, description: 'The line id, unique in the request' }),
    cloud_service_type: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. hws.service.type.ec2' }),
    resource_type: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. hws.resource.type.vm' }),
    resource_spec: Type.String({ minLength: 1, maxLength: 128, description: 'e.g. s6.small.1.linux' }),
    region: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. cn-north-4' }),
    available_zone: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    resource_size: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'Linear products: the size (GB of disk, Mbps of bandwidth)' })),
    size_measure_id: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: '17 GB, 15 Mbps' })),
    period_type: Type.Integer({ description: '2 month, 3 year' }),
    period_num: Type.Integer({ description: 'Months 1-11, years 1-3' }),
    subscription_num: Type.Integer({ description: 'How many resources (1-100); 1 for a main product with child products' }),
    main_product_id: Type.Optional(
      Type.Union([Type.String({ maxLength: 64 }), Type.Null()], {
        description: 'For a child product (a disk, an EIP): the id of the main product line of this request it is bought with. It gets the main product\'s period; renewals, expiry and unsubscribing treat them as a whole.',
      }),
    ),
    resource_name: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
    project_id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  { title: 'OrderProductInfo', additionalProperties: false },
);

export const PlaceOrderBody = Type.Object(
  { product_infos: Type.Array(OrderProductInfo, { minItems: 1, maxItems: 100 }) },
  { title: 'PlaceCustomerOrderReq', additionalProperties: false },
);

export const OperatorPlaceOrderBody = Type.Object(
  { customer_id: Type.String({ minLength: 1, maxLength: 64 }), product_infos: Type.Array(OrderProductInfo, { minItems: 1, maxItems: 100 }) },
  { title: 'OperatorPlaceCustomerOrderReq', additionalProperties: false },
);

export const PlacedOrderResponse = Type.Object(
  {
    order_id: Type.String({ description: 'The order to pay (a combined order when several main products were bought)' }),
    sub_order_ids: Type.Array(Type.String()),
    order_info: CustomerOrderV3,
    order_line_items: Type.Array(OrderLineItemEntityV2),
  },
  { title: 'PlaceCustomerOrderResponse' },
);

export const IdempotencyHeaders = Type.Object({
  'x-idempotency-key': Type.Optional(Type.String({ maxLength: 255, description: 'Optional: a retry with the same key and body returns the first answer and places nothing' })),
});

export function orderLinesOf(products: Static<typeof OrderProductInfo>[]): PlaceOrderLine[] {
  return products.map((p) => ({
    id: p.id,
    product: { service: p.cloud_service_type, resource: p.resource_type, spec: p.resource_spec, region: p.region },
    resourceSize: p.resource_size ?? null,
    sizeMeasureId: p.size_measure_id ?? null,
    periodType: p.period_type,
    periodNum: p.period_num,
    subscriptionNum: p.subscription_num,
    parentId: p.main_product_id ?? null,
    resourceName: p.resource_name ?? null,
    projectId: p.project_id ?? null,
  }));
}

/** The unsubscribe preview takes cancel_resources_subscription's body. */
export const UnsubscribePreviewBody = UnsubscribeResourcesReq;

export const UnsubscribePreviewResponse = Type.Object(
  {
    refund_amount: Type.Number({ description: 'Back to the balances: cash + credit, in yuan.' }),
    cash_amount: Type.Number(),
    credit_amount: Type.Number(),
    coupon_amount: Type.Number({ description: 'Given back to the coupons that paid.' }),
    consumed_amount: Type.Number({ description: 'The used part of what was paid, kept.' }),
    fee_amount: Type.Number(),
    no_reason_refund: Type.Union([Type.Literal('yes'), Type.Literal('no')], { description: 'Within five days of the purchase every fen paid comes back.' }),
    resource_count: Type.Integer({ description: 'Main resources and their children refunded.' }),
  },
  { title: 'UnsubscribePreview' },
);
