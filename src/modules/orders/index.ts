/** Orders and yearly/monthly subscriptions: placing, paying, renewing, expiring, unsubscribing; the bill records they write. */
export { placeOrder, type PlaceOrderInput, type PlaceOrderLine, type PlacedOrder } from './place-order.ts';
export { showOrderDetails } from './show-order-details.ts';
export { listCustomerOrders } from './list-customer-orders.ts';
export { ordersHandlers } from './orders.routes.ts';
export { registerOrderExtensionRoutes } from './orders.extension-routes.ts';
export { ORDER_JOBS } from './order-jobs.ts';
export { addPeriod, chargeMoment, graceAndRetentionDays, nextDailyRetry } from './subscription-calendar.ts';
