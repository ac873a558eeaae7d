import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmountText, type Fen } from '../../platform/money.ts';
import { unknownProductIds, unknownServiceTypes } from './catalog-refs.ts';
import { wireInstant } from './coupon-dates.ts';
import { couponLimitsFor, fenOf, type CouponLimits } from './coupon-limits.ts';
import {
  cannotIssueToSelf,
  faceValueAboveMaximum,
  faceValueBelowMinimum,
  invalidParameter,
  notDesignatedCustomer,
  quotaOutsideValidity,
  quotaUnavailable,
  unknownProduct,
  unknownServiceType,
} from './coupons.errors.ts';
import { findQuota, type QuotaRow } from './quotas.repo.ts';
import { couponTypeOfQuota } from './record-types.ts';

/** create_partner_coupons, read from the wire (face value already exact fen). */
export interface IssueRequest {
  quotaId: string;
  customerIds: string[];
  faceValue: Fen;
  validTime?: string | null;
  expireTime?: string | null;
  cloudServiceTypes?: string[] | null;
  productIds?: string[] | null;
  memo?: string | null;
  indirectPartnerId?: string | null;
}

export interface IssuePlan {
  partnerId: string;
  quota: QuotaRow;
  couponType: 1 | 4;
  faceValue: Fen;
  validTime: string;
  expireTime: string;
  limits: CouponLimits;
  memo: string | null;
}

export const MAX_CUSTOMERS_PER_ISSUE = 100;
const MAX_LIST = 10;

/** Elements may also carry comma-separated values ("多个…以“,”隔开"); blanks are dropped. */
const listOf = (xs: readonly string[] | null | undefined): string[] => [...new Set((xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean))];

/**
 * Everything about an issue request that does not depend on the customer, checked before any coupon
 * is issued; each failure refuses the whole request (HTTP 400, brief §4.3).
 */
export async function planIssue(deps: Pick<Deps, 'db'>, partnerId: string, caller: Caller, r: IssueRequest, at: string): Promise<IssuePlan> {
  checkShape(r);
  const serviceTypes = listOf(r.cloudServiceTypes);
  const productIds = listOf(r.productIds);
  if (serviceTypes.length > MAX_LIST) throw invalidParameter(`cloud_service_types holds at most ${MAX_LIST} service types`);
  if (productIds.length > MAX_LIST) throw invalidParameter(`product_ids holds at most ${MAX_LIST} products`);
  const validGiven = r.validTime ? wireInstant('valid_time', r.validTime) : null;
  const expireGiven = r.expireTime ? wireInstant('expire_time', r.expireTime) : null;

  const quota = await findQuota(deps.db.kysely, r.quotaId);
  if (!quota || quota.partnerId !== partnerId) throw quotaUnavailable(r.quotaId);
  if (quota.status !== 0) throw quotaUnavailable(r.quotaId, `has status ${quota.status}: it cannot issue coupons`);
  if (at < quota.effectiveTime) throw quotaOutsideValidity(r.quotaId, 'is not effective yet');
  if (at >= quota.expireTime) throw quotaOutsideValidity(r.quotaId, 'has expired');

  const badServices = await unknownServiceTypes(deps, serviceTypes);
  if (badServices.length) throw unknownServiceType(badServices[0]!);
  const badProducts = await unknownProductIds(deps, productIds);
  if (badProducts.length) throw unknownProduct(badProducts[0]!);
  const limits = couponLimitsFor(quota.limits, { serviceTypes, productIds });

  const min = fenOf(quota.limits.minFaceValue);
  const max = fenOf(quota.limits.maxFaceValue);
  if (min !== null && r.faceValue < min) throw faceValueBelowMinimum(formatAmountText(min));
  if (max !== null && r.faceValue > max) throw faceValueAboveMaximum(formatAmountText(max));

  if (r.customerIds.includes(partnerId) || r.customerIds.includes(caller.accountId)) throw cannotIssueToSelf();
  const designated = quota.limits.designatedCustomers;
  const outside = designated.length ? r.customerIds.find((c) => !designated.includes(c)) : undefined;
  if (outside !== undefined) throw notDesignatedCustomer(outside);

  const validTime = validGiven ?? quota.effectiveTime;
  const expireTime = expireGiven ?? quota.expireTime;
  if (validTime < quota.effectiveTime) throw invalidParameter("valid_time must not be before the quota's effective time");
  if (expireTime > quota.expireTime) throw invalidParameter("expire_time must not be after the quota's expiry");
  if (expireTime <= validTime) throw invalidParameter('expire_time must be after valid_time');
  if (expireTime <= at) throw invalidParameter('expire_time must be in the future');
  return { partnerId, quota, couponType: couponTypeOfQuota(quota.quotaType), faceValue: r.faceValue, validTime, expireTime, limits, memo: r.memo ?? null };
}

function checkShape(r: IssueRequest): void {
  if (!r.quotaId) throw invalidParameter('quota_id is required');
  if (r.quotaId.length > 64) throw invalidParameter('quota_id is at most 64 characters');
  if (r.customerIds.length < 1 || r.customerIds.length > MAX_CUSTOMERS_PER_ISSUE) {
    throw invalidParameter(`customer_ids must list 1 to ${MAX_CUSTOMERS_PER_ISSUE} customers`);
  }
  if (r.customerIds.some((c) => !c || c.length > 64)) throw invalidParameter('customer_ids holds 1-64 character ids');
  if (new Set(r.customerIds).size !== r.customerIds.length) throw invalidParameter('customer_ids lists a customer twice');
  if (r.memo && r.memo.length > 255) throw invalidParameter('memo is at most 255 characters');
}
