import { call } from './client.ts';
import type {
  CreatePartnerCouponsReq,
  CreatePartnerCouponsResponse,
  ListIssuedPartnerCouponsResponse,
  ListQuotaCouponsResponse,
  ListSubCustomerCouponsResponse,
  QueryCouponQuotasReqExt,
} from './contract.ts';

/** Coupon quotas and the coupons partners issue from them; a customer's own coupons. */

export const listQuotas = (req: QueryCouponQuotasReqExt) => call<ListQuotaCouponsResponse>('POST', '/v2/partners/coupon-quotas/query', { body: req });

export const issueCoupons = (req: CreatePartnerCouponsReq, key: string) =>
  call<CreatePartnerCouponsResponse>('POST', '/v2/promotions/benefits/partner-coupons', { body: req, headers: { 'X-Idempotency-Key': key } });

export const listIssuedCoupons = (q: { customer_id?: string; coupon_type?: number; status?: number; indirect_partner_id?: string; offset: number; limit: number }) =>
  call<ListIssuedPartnerCouponsResponse>('GET', '/v2/promotions/benefits/partner-coupons', { query: { ...q } });

export const reclaimCoupons = (couponIds: string[], key: string) =>
  call<unknown>('POST', '/v2/promotions/benefits/partner-coupons/reclaim', { body: { coupon_ids: couponIds }, headers: { 'X-Idempotency-Key': key } });

export const listMyCoupons = (q: { coupon_type?: number; status?: number; offset: number; limit: number }) =>
  call<ListSubCustomerCouponsResponse>('GET', '/v2/promotions/benefits/coupons', { query: { ...q } });
