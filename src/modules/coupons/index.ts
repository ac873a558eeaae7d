/**
 * Coupons: coupon quotas (granted by the operator, passed from a tier-1 to its tier-2s), the coupons
 * partners issue from them to resale customers, stored-value cards, and what orders do with both.
 * Value is kept in dedicated tables guarded by CHECK constraints and conditional updates, with an
 * append-only journal every balance can be recomputed from (verifyCoupons). docs/coupons.md has
 * the decisions.
 *
 * ## For the orders module
 *
 * Each of these runs inside the caller's transaction (`trx`) and never opens its own, so the order's
 * change and the coupons' change commit or roll back together. `at` is business time (ISO text).
 *
 * - `reserveBenefits(trx, { orderId, customerId, at, scope, benefitIds })` when the customer pays
 *   (or places an order) with coupons or stored-value cards: each chosen coupon or card, in turn,
 *   is held (frozen) for the order for as much as it may pay: a coupon only for the lines its limits
 *   admit (scope: subscribe type and lines with service type, product id and amount still to pay)
 *   and at most its maximum deduction ratio's share; a card for any line. Answers what each pays,
 *   split over the lines, and the total. Refuses (CBC.99003112) a coupon or card that is not the
 *   customer's (like a missing one), not in force, used up, expired, reclaimed, held by another order,
 *   that would pay nothing, or is named twice.
 * - `consumeBenefits(trx, { orderId, at })` when the order is paid: everything the order holds is
 *   spent, exactly as held. A hold resolves once; calling twice spends once.
 * - `releaseBenefits(trx, { orderId, at })` when the order is cancelled or lapses, or payment fails:
 *   the holds are lifted, nothing is spent. Idempotent.
 * - `returnBenefits(trx, { orderId, refundId, at, amounts? })` on a refund (unsubscribe): what the
 *   coupons and cards paid comes back (all of it, or the given amounts per id), never more than was
 *   paid; once per refundId. A coupon that expired or was reclaimed meanwhile cannot take it back:
 *   the value goes to its quota (partner record type 5).
 * - `listUsableBenefits(db, { customerId, orderId, at, scope })` for list_order_coupons_by_order_id:
 *   the customer's coupons and cards that could pay part of such an order, with the most each would.
 *
 * A coupon's expiry job (`coupons.expire-coupon`, on the business clock) lifts any hold first: an
 * unpaid order cannot keep an expired coupon.
 *
 * ## For the customers module
 *
 * - `reclaimCustomerCoupons(trx, { customerId, reason, at, initiatorId })` when a customer is unbound
 *   (`unbind`, record 3), switches association type (`association_switch`, 8) or associates anew
 *   (`association_established`, 7): its usable coupons go back to their quotas. Coupons an unpaid
 *   order holds are skipped and listed (unbinding is refused while orders are pending).
 */
export { couponHandlers } from './coupons.routes.ts';
export { registerCouponOperatorRoutes } from './coupons.operator-routes.ts';
export { grantCouponQuota, quotaGrantFingerprint, type QuotaGrantInput } from './grant-coupon-quota.ts';
export { setCouponQuotaStatus, OPERATOR_QUOTA_STATUSES } from './set-quota-status.ts';
export { listPartnerQuotas } from './list-partner-quotas.ts';
export { grantStoredValueCard, cardGrantFingerprint, type CardGrantInput } from './grant-stored-value-card.ts';
export { listCustomerCards } from './list-customer-cards.ts';
export { limitsFromBody, couponOperatorClaim, type LimitsBody } from './operator-input.ts';
export { NO_LIMITS, parseDeductionRatio, SUBSCRIBE_TYPES, type QuotaLimits, type CouponLimits, type OrderScope, type SubscribeType } from './coupon-limits.ts';
export { issuePartnerCoupons } from './issue-partner-coupons.ts';
export type { IssueRequest } from './plan-issue.ts';
export { reclaimPartnerCoupon } from './reclaim-partner-coupon.ts';
export { transferQuotaToIndirectPartners } from './transfer-quota-to-indirect-partners.ts';
export { reclaimIndirectPartnerQuotas } from './reclaim-indirect-partner-quotas.ts';
export { listQuotaCoupons } from './list-quota-coupons.ts';
export { listIssuedPartnerCoupons } from './list-issued-partner-coupons.ts';
export { listPartnerCouponRecords } from './list-partner-coupon-records.ts';
export { listIssuedCouponQuotas } from './list-issued-coupon-quotas.ts';
export { listCouponQuotaRecords } from './list-coupon-quota-records.ts';
export { listSubCustomerCoupons } from './list-sub-customer-coupons.ts';
export { listCustomerCouponChangeRecords } from './list-customer-coupon-change-records.ts';
export { listStoredValueCards } from './list-stored-value-cards.ts';
export { expireCoupon, COUPON_EXPIRY_JOB, COUPON_JOBS } from './expire-coupon.ts';
export { reserveBenefits, type ReserveInput, type ReservedBenefit } from './reserve-benefits.ts';
export { consumeBenefits } from './consume-benefits.ts';
export { releaseBenefits } from './release-benefits.ts';
export { returnBenefits, type ReturnInput, type ReturnedBenefit } from './return-benefits.ts';
export { listUsableBenefits, type UsableBenefit } from './list-usable-benefits.ts';
export { reclaimCustomerCoupons, AUTO_RECLAIM_REASONS, type AutoReclaimReason } from './reclaim-customer-coupons.ts';
export { verifyCoupons, type CouponsReport } from './verify-coupons.ts';
export type { BenefitKind } from './benefits.repo.ts';
