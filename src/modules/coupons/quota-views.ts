import type { CouponQuotaV2, IssuedCouponQuota } from '../../contract/generated/models.ts';
import { formatAmount } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { quotaLimitInfos } from './coupon-limits.ts';
import { quotaStatusAt, type QuotaRow } from './quotas.repo.ts';
import { CURRENCY, MEASURE_YUAN } from './record-types.ts';

/** A quota as list_quota_coupons answers it, with its status as of `at`. */
export function wireQuota(q: QuotaRow, at: string): CouponQuotaV2 {
  return {
    quota_id: q.id,
    quota_type: q.quotaType,
    create_time: huaweiUtc(q.createdAt),
    last_update_time: huaweiUtc(q.updatedAt),
    quota_value: formatAmount(q.quotaValue),
    quota_status: quotaStatusAt(q, at),
    balance: formatAmount(q.balance),
    measure_id: MEASURE_YUAN,
    currency: CURRENCY,
    effective_time: huaweiUtc(q.effectiveTime),
    expire_time: huaweiUtc(q.expireTime),
    limit_infos: quotaLimitInfos(q.limits),
  };
}

/** A tier-2 quota as list_issued_coupon_quotas answers it. */
export function wireIssuedQuota(q: QuotaRow, at: string, owner: { id: string; name: string; displayName: string }): IssuedCouponQuota {
  return {
    ...wireQuota(q, at),
    indirect_partner_id: owner.id,
    indirect_partner_account_name: owner.name,
    indirect_partner_name: owner.displayName,
    parent_quota_id: q.parentQuotaId ?? '',
  };
}

/** The operator plane's view: the wire view plus whose it is, where it came from and the remark. */
export function operatorQuota(q: QuotaRow, at: string) {
  return { ...wireQuota(q, at), partner_id: q.partnerId, parent_quota_id: q.parentQuotaId, granted_by: q.grantedBy, remark: q.remark };
}
export type OperatorQuotaView = ReturnType<typeof operatorQuota>;
