// Rating operations of the partner API
export { listOnDemandResourceRatings } from './list-on-demand-resource-ratings.ts';
export { listRateOnPeriodDetail, periodRatingResponse } from './list-rate-on-period-detail.ts';
export { listRenewRateOnPeriod } from './list-renew-rate-on-period.ts';
// Pricing for the orders module: one plan for quotes, orders, renewals and spec changes
export { quotePeriodProducts } from './quote-period-products.ts';
export { quoteOnDemandProducts } from './quote-on-demand-products.ts';
export { quoteRenewal, type RenewalQuote } from './quote-renewal.ts';
export { priceSpecChange, type SpecChangeInput, type SpecChangeSide } from './price-spec-change.ts';
export { MAX_QUOTE_YUAN, type QuoteInput } from './quote-lines.ts';
export { planQuote, preferredPerLine, discountApplies, DISCOUNT_TYPES, type DiscountGrant, type DiscountOption, type DiscountType, type LineAmount, type PlanInput, type PlanLine, type QuotePlan } from './plan-quote.ts';
export { graduated, itemPrice, onDemandAmount, periodAmount, prorate, type PeriodPrice, type PeriodQuantity } from './price-shapes.ts';
export { checkLineIds, onDemandLine, periodLine, type OnDemandRequest, type PeriodRequest } from './resolve-lines.ts';
export { loadPricingContext, type PricingContext } from './load-pricing-context.ts';
export { noRenewalSubjects, RENEWAL_FAILURE_MESSAGES, type FindRenewalSubjects, type RenewalFailureCode, type RenewalLookup, type RenewalSubject } from './renewal-subjects.ts';
export { placesOf } from './wire-amounts.ts';
// Discounts
export { grantPartnerDiscounts, type PartnerGrantItem } from './grant-partner-discounts.ts';
export { grantOperatorDiscounts, type OperatorGrantItem } from './grant-operator-discounts.ts';
export { listDiscounts } from './list-discounts.ts';
export { revokeDiscount } from './revoke-discount.ts';
export { registerRatingPartnerRoutes } from './rating.partner-routes.ts';
export { registerRatingOperatorRoutes } from './rating.operator-routes.ts';
export { ratingHandlers } from './rating.routes.ts';
