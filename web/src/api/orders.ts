import { call } from './client.ts';
import type {
  CancelResourcesSubscriptionResponse,
  ListCustomerOrdersResponse,
  ListOrderCouponsByOrderIdResponse,
  ListOrderDiscountsResponse,
  ListPayPerUseCustomerResourcesResponse,
  ListRateOnPeriodDetailResponse,
  ListResourceSpecsResponse,
  ListResourceTypesResponse,
  ListServiceTypesResponse,
  PayCustomerOrderV3Req,
  PeriodProductInfo,
  QueryResourcesReq,
  RenewalResourcesReq,
  RenewalResourcesResponse,
  ShowCustomerOrderDetailsResponse,
  ShowRefundOrderDetailsResponse,
  UnsubscribeResourcesReq,
  CustomerOrderV3,
  OrderLineItemEntityV2,
} from './contract.ts';

/** Orders and yearly/monthly subscriptions (partners read their customers'; customers act on their own). */

const idempotent = (key: string) => ({ 'X-Idempotency-Key': key });

export interface OrdersQuery {
  order_id?: string;
  customer_id?: string;
  status?: number;
  order_type?: string;
  indirect_partner_id?: string;
  create_time_begin?: string;
  create_time_end?: string;
  offset: number;
  limit: number;
}

export const listOrders = (q: OrdersQuery) => call<ListCustomerOrdersResponse>('GET', '/v2/orders/customer-orders', { query: { ...q } });

export const showOrder = (orderId: string, q: { offset: number; limit: number; indirect_partner_id?: string }) =>
  call<ShowCustomerOrderDetailsResponse>('GET', `/v2/orders/customer-orders/details/${encodeURIComponent(orderId)}`, { query: { ...q } });

export const showRefundOrder = (orderId: string) => call<ShowRefundOrderDetailsResponse>('GET', '/v2/orders/customer-orders/refund-orders', { query: { order_id: orderId } });

export const listOrderCoupons = (orderId: string) => call<ListOrderCouponsByOrderIdResponse>('GET', '/v2/orders/customer-orders/order-coupons', { query: { order_id: orderId } });

export const listOrderDiscounts = (orderId: string) => call<ListOrderDiscountsResponse>('GET', '/v2/orders/customer-orders/order-discounts', { query: { order_id: orderId } });

export const payOrder = (req: PayCustomerOrderV3Req, key: string) => call<void>('POST', '/v3/orders/customer-orders/pay', { body: req, headers: idempotent(key) });

export const cancelOrder = (orderId: string, key: string) => call<void>('PUT', '/v2/orders/customer-orders/cancel', { body: { order_id: orderId }, headers: idempotent(key) });

/** Coupon types as pay_orders names them: a voucher (1) is 301, a cash coupon (4) 302, a discount coupon 300. */
export const payCouponType = (couponType: number | undefined): number => (couponType === 4 ? 302 : couponType === 3 ? 300 : 301);

// ---- placing an order (this server's extension: the partner API has no order creation) ----

export interface PlacedOrder {
  order_id: string;
  sub_order_ids: string[];
  order_info: CustomerOrderV3;
  order_line_items: OrderLineItemEntityV2[];
}

export const placeOrder = (products: PeriodProductInfo[], key: string) =>
  call<PlacedOrder>('POST', '/v2/orders/customer-orders', { body: { product_infos: products }, headers: idempotent(key) });

export const quotePeriod = (products: PeriodProductInfo[]) =>
  call<ListRateOnPeriodDetailResponse>('POST', '/v2/bills/ratings/period-resources/subscribe-rate', { body: { project_id: 'console', product_infos: products } });

export const listServiceTypes = () => call<ListServiceTypesResponse>('GET', '/v2/products/service-types', { query: { offset: 0, limit: 100 } });
export const listResourceTypes = () => call<ListResourceTypesResponse>('GET', '/v2/products/resource-types', { query: { offset: 0, limit: 100 } });
export const listResourceSpecs = (q: { cloud_service_type: string; resource_type: string; region_code: string }) =>
  call<ListResourceSpecsResponse>('POST', '/v2/products/resource-specs-query', { body: { ...q, charge_mode: '1', limit: 100 } });

// ---- resources ----

export const listResources = (req: QueryResourcesReq) => call<ListPayPerUseCustomerResourcesResponse>('POST', '/v2/orders/suscriptions/resources/query', { body: req });

export const renewResources = (req: RenewalResourcesReq, key: string) =>
  call<RenewalResourcesResponse>('POST', '/v2/orders/subscriptions/resources/renew', { body: req, headers: idempotent(key) });

export const enableAutoRenew = (resourceId: string, body: { auto_renew_times?: number; period_type?: string }) =>
  call<unknown>('POST', `/v2/orders/subscriptions/resources/autorenew/${encodeURIComponent(resourceId)}`, { body });

export const cancelAutoRenew = (resourceId: string) => call<unknown>('DELETE', `/v2/orders/subscriptions/resources/autorenew/${encodeURIComponent(resourceId)}`);

export const unsubscribeResources = (req: UnsubscribeResourcesReq, key: string) =>
  call<CancelResourcesSubscriptionResponse>('POST', '/v2/orders/subscriptions/resources/unsubscribe', { body: req, headers: idempotent(key) });

/** The refund an unsubscription would give, if the server offers the preview (an extension). */
export interface RefundPreview {
  [k: string]: unknown;
}
export const previewUnsubscribe = (req: UnsubscribeResourcesReq) => call<RefundPreview>('POST', '/v2/orders/subscriptions/resources/unsubscribe/preview', { body: req });
