/** Orders and yearly/monthly subscriptions: placing, paying, renewing, expiring, unsubscribing; the bill records they write. */
export { placeOrder, type PlaceOrderInput, type PlaceOrderLine, type PlacedOrder } from './place-order.ts';
export { showOrderDetails } from './show-order-details.ts';
export { listCustomerOrders } from './list-customer-orders.ts';
export { ordersHandlers } from './orders.routes.ts';
export { registerOrderExtensionRoutes } from './orders.extension-routes.ts';
export { ORDER_JOBS } from './order-jobs.ts';
export { addPeriod, chargeMoment, graceAndRetentionDays, nextDailyRetry } from './subscription-calendar.ts';
export { ordersJobHandlers } from './orders.jobs.ts';
export { payOrder } from './pay-order.ts';
export { cancelOrder } from './cancel-order.ts';
export { noCoupons, type CouponPort, type CouponScope, type HeldBenefit, type CouponCombination } from './coupon-port.ts';
export { renewalSubjectsFinder } from './find-renewal-subjects.ts';
export { renewResources } from './renew-resources.ts';
export { unsubscribeResources } from './unsubscribe-resources.ts';
export { convertToOnDemandNow, setToOnDemandAtExpiry } from './convert-to-on-demand.ts';
export { enableAutoRenew, cancelAutoRenew, setRenewConfig } from './set-auto-renew.ts';
export { planRefund, unusedShare, DEFAULT_REFUND_RULES, type RefundInput, type RefundPlan, type RefundablePeriod, type RefundRules, type RefundMode } from './plan-refund.ts';
export { planPayment, chooseBasis, checkPayRequest, fill, splitEven, type PaymentPlan } from './plan-payment.ts';
