import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { idempotencyClaimOf, takingIdempotencyKey } from '../../platform/http/idempotency-key.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { amountFromWire, findInexactJsonNumber, type Fen } from '../../platform/money.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { invalidParameter } from './coupons.errors.ts';
import { issuePartnerCoupons } from './issue-partner-coupons.ts';
import { listCouponQuotaRecords } from './list-coupon-quota-records.ts';
import { listCustomerCouponChangeRecords } from './list-customer-coupon-change-records.ts';
import { listIssuedCouponQuotas } from './list-issued-coupon-quotas.ts';
import { listIssuedPartnerCoupons } from './list-issued-partner-coupons.ts';
import { listPartnerCouponRecords } from './list-partner-coupon-records.ts';
import { listQuotaCoupons } from './list-quota-coupons.ts';
import { listStoredValueCards } from './list-stored-value-cards.ts';
import { listSubCustomerCoupons } from './list-sub-customer-coupons.ts';
import { reclaimIndirectPartnerQuotas } from './reclaim-indirect-partner-quotas.ts';
import { reclaimPartnerCoupon } from './reclaim-partner-coupon.ts';
import { transferQuotaToIndirectPartners } from './transfer-quota-to-indirect-partners.ts';

/** An amount of the body: exact (JSON.parse rounded nothing), > 0, at most 2 decimals. */
function wireAmount(request: FastifyRequest, value: unknown, field: string): Fen {
  const inexact = findInexactJsonNumber(rawBodyOf(request).toString('utf8'));
  if (inexact !== null) throw invalidParameter(`${field}: the number ${inexact.slice(0, 40)} is not exact`);
  return amountFromWire(value, field);
}

function bodyOf<T>(body: T | undefined): T {
  if (body === undefined || body === null) throw invalidParameter('body is required');
  return body;
}

const claim = (request: FastifyRequest, caller: Caller, operation: string, body: unknown) => idempotencyClaimOf(request, caller.accountId, operation, body);

/** The partner API's coupon, quota and stored-value-card operations. Reads deps only when called. */
export function couponHandlers(deps: Deps): OperationHandlers {
  return {
    create_partner_coupons: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      const faceValue = wireAmount(request, b.face_value, 'face_value');
      const input = {
        quotaId: b.quota_id,
        customerIds: b.customer_ids,
        faceValue,
        validTime: b.valid_time,
        expireTime: b.expire_time,
        cloudServiceTypes: b.cloud_service_types,
        productIds: b.product_ids,
        memo: b.memo,
        indirectPartnerId: b.indirect_partner_id,
      };
      return issuePartnerCoupons(deps, caller, input, claim(request, caller, 'create_partner_coupons', b));
    }),
    reclaim_partner_coupons: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      await reclaimPartnerCoupon(deps, caller, { couponId: b.coupon_id, indirectPartnerId: b.indirect_partner_id }, claim(request, caller, 'reclaim_partner_coupons', b));
    }),
    list_issued_partner_coupons: async ({ caller, query }) => listIssuedPartnerCoupons(deps, caller, query),
    list_partner_coupons_record: async ({ caller, query }) => listPartnerCouponRecords(deps, caller, query),
    list_quota_coupons: async ({ caller, body }) => listQuotaCoupons(deps, caller, body ?? {}),
    update_coupon_quotas: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      const amount = wireAmount(request, b.quota_amount, 'quota_amount');
      const input = { quotaId: b.quota_id, indirectPartnerIds: b.indirect_partner_ids, amount };
      return transferQuotaToIndirectPartners(deps, caller, input, claim(request, caller, 'update_coupon_quotas', b));
    }),
    reclaim_coupon_quotas: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      return reclaimIndirectPartnerQuotas(deps, caller, { quotaIds: b.quota_ids, remark: b.remark }, claim(request, caller, 'reclaim_coupon_quotas', b));
    }),
    list_issued_coupon_quotas: async ({ caller, query }) => listIssuedCouponQuotas(deps, caller, query),
    list_coupon_quotas_records: async ({ caller, query }) => listCouponQuotaRecords(deps, caller, query),
    list_sub_customer_coupons: async ({ caller, query }) => listSubCustomerCoupons(deps, caller, query),
    list_customer_coupon_change_records: async ({ caller, query }) => listCustomerCouponChangeRecords(deps, caller, query),
    list_stored_value_cards: async ({ caller, query }) => listStoredValueCards(deps, caller, query),
  };
}
