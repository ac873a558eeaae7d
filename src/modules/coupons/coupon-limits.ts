import type { ICouponUseLimitInfoV2, QuotaLimitInfo } from '../../contract/generated/models.ts';
import { formatAmountText, type Fen } from '../../platform/money.ts';
import { cmp, mul, parseDecimal, rat, truncateUnits, ONE, ZERO } from '../../platform/rational.ts';
import { limitsExceedQuota } from './coupons.errors.ts';

/**
 * Limits of quotas and coupons (brief §4.2). A quota's limits bound every coupon issued from it: a
 * coupon names service types and products within the quota's (or inherits them), and carries the
 * quota's subscribe types and maximum deduction ratio. Money limits are fen as decimal text
 * (bigints do not go into JSON).
 */
export type SubscribeType = 'new' | 'renew' | 'change';
export const SUBSCRIBE_TYPES: readonly SubscribeType[] = ['new', 'renew', 'change'];

export interface QuotaLimits {
  /** serviceTypeWhiteList: cloud service type codes; empty = any. */
  serviceTypes: string[];
  productWhiteList: string[];
  productBlackList: string[];
  /** subscribeType: new, renew, change; empty = any. */
  subscribeTypes: SubscribeType[];
  /** maxDeductionRatio: the share of an order a coupon may pay, in (0, 1], as decimal text. */
  maxDeductionRatio: string | null;
  minFaceValue: string | null;
  maxFaceValue: string | null;
  maxCouponsPerCustomer: number | null;
  maxFaceValuePerCustomer: string | null;
  /** Customers the quota may be issued to; empty = any resale customer. */
  designatedCustomers: string[];
}

export interface CouponLimits {
  serviceTypes: string[];
  productIds: string[];
  productBlackList: string[];
  subscribeTypes: SubscribeType[];
  maxDeductionRatio: string | null;
}

export const NO_LIMITS: QuotaLimits = {
  serviceTypes: [],
  productWhiteList: [],
  productBlackList: [],
  subscribeTypes: [],
  maxDeductionRatio: null,
  minFaceValue: null,
  maxFaceValue: null,
  maxCouponsPerCustomer: null,
  maxFaceValuePerCustomer: null,
  designatedCustomers: [],
};

export const fenOf = (text: string | null): Fen | null => (text === null ? null : BigInt(text));

/** Reads stored limits; fields missing from older rows read as unlimited. */
export function readQuotaLimits(json: string): QuotaLimits {
  return { ...NO_LIMITS, ...(JSON.parse(json) as Partial<QuotaLimits>) };
}

export function readCouponLimits(json: string): CouponLimits {
  return { serviceTypes: [], productIds: [], productBlackList: [], subscribeTypes: [], maxDeductionRatio: null, ...(JSON.parse(json) as Partial<CouponLimits>) };
}

/** A ratio in (0, 1] as exact decimal text; null when it is not one. */
export function parseDeductionRatio(text: string): string | null {
  const r = parseDecimal(text);
  if (!r || cmp(r, ZERO) <= 0 || cmp(r, ONE) > 0) return null;
  return text.trim();
}

/**
 * The coupon's limits from the quota's and what the request names: a service type or product list
 * given must lie within the quota's white list and outside its black list (CBC.99000023); an empty
 * one inherits the quota's.
 */
export function couponLimitsFor(quota: QuotaLimits, requested: { serviceTypes: string[]; productIds: string[] }): CouponLimits {
  if (requested.serviceTypes.length > 0 && quota.serviceTypes.length > 0) {
    const outside = requested.serviceTypes.filter((s) => !quota.serviceTypes.includes(s));
    if (outside.length > 0) throw limitsExceedQuota(`cloud service types ${outside.join(', ')} are not allowed by the quota`);
  }
  if (requested.productIds.length > 0) {
    const outside = quota.productWhiteList.length > 0 ? requested.productIds.filter((p) => !quota.productWhiteList.includes(p)) : [];
    if (outside.length > 0) throw limitsExceedQuota(`products ${outside.join(', ')} are not on the quota's product white list`);
    const banned = requested.productIds.filter((p) => quota.productBlackList.includes(p));
    if (banned.length > 0) throw limitsExceedQuota(`products ${banned.join(', ')} are on the quota's product black list`);
  }
  return {
    serviceTypes: requested.serviceTypes.length > 0 ? requested.serviceTypes : quota.serviceTypes,
    productIds: requested.productIds.length > 0 ? requested.productIds : quota.productWhiteList,
    productBlackList: quota.productBlackList,
    subscribeTypes: quota.subscribeTypes,
    maxDeductionRatio: quota.maxDeductionRatio,
  };
}

/** What an order buys, as far as coupon limits care. */
export interface OrderScope {
  subscribeType: SubscribeType;
  lines: ReadonlyArray<{ serviceTypeCode: string; productId: string; amount: Fen }>;
}

/** The indexes of the order lines a coupon may pay for (none when the subscribe type is excluded). */
export function eligibleLines(limits: CouponLimits, scope: OrderScope): number[] {
  if (limits.subscribeTypes.length > 0 && !limits.subscribeTypes.includes(scope.subscribeType)) return [];
  return scope.lines.flatMap((line, i) => {
    if (limits.serviceTypes.length > 0 && !limits.serviceTypes.includes(line.serviceTypeCode)) return [];
    if (limits.productIds.length > 0 && !limits.productIds.includes(line.productId)) return [];
    if (limits.productBlackList.includes(line.productId)) return [];
    return [i];
  });
}

/** The most a coupon may pay of `eligible` fen: all of it, or the deduction ratio's share, truncated to the fen. */
export function deductionCap(limits: CouponLimits, eligible: Fen): Fen {
  if (limits.maxDeductionRatio === null) return eligible;
  const ratio = parseDecimal(limits.maxDeductionRatio);
  return ratio ? truncateUnits(mul(ratio, rat(eligible)), 0) : eligible;
}

const values = (key: string, xs: readonly string[]): QuotaLimitInfo[] => (xs.length ? [{ limit_key: key, limit_values: xs.map((value1) => ({ value1 })) }] : []);
const one = (key: string, x: string | null): QuotaLimitInfo[] => (x === null ? [] : [{ limit_key: key, limit_values: [{ value1: x }] }]);
const yuan = (fen: string | null) => (fen === null ? null : formatAmountText(BigInt(fen)));

/** A quota's limits on the wire (limit_infos). The face-value, count and designation keys are ours. */
export function quotaLimitInfos(l: QuotaLimits): QuotaLimitInfo[] {
  return [
    ...values('serviceTypeWhiteList', l.serviceTypes),
    ...values('productWhiteList', l.productWhiteList),
    ...values('productBlackList', l.productBlackList),
    ...values('subscribeType', l.subscribeTypes),
    ...one('maxDeductionRatio', l.maxDeductionRatio),
    ...one('minFaceValue', yuan(l.minFaceValue)),
    ...one('maxFaceValue', yuan(l.maxFaceValue)),
    ...one('maxCouponCountPerCustomer', l.maxCouponsPerCustomer === null ? null : String(l.maxCouponsPerCustomer)),
    ...one('maxFaceValuePerCustomer', yuan(l.maxFaceValuePerCustomer)),
    ...values('designatedCustomers', l.designatedCustomers),
  ];
}

/** A coupon's use limits on the wire (use_limits). */
export function couponUseLimits(l: CouponLimits): ICouponUseLimitInfoV2[] {
  return [
    ...l.serviceTypes.map((value1) => ({ limit_key: 'serviceType', value1 })),
    ...(l.productIds.length ? [{ limit_key: 'productId', value1: l.productIds.join(',') }] : []),
    ...(l.productBlackList.length ? [{ limit_key: 'productBlackList', value1: l.productBlackList.join(',') }] : []),
    ...l.subscribeTypes.map((value1) => ({ limit_key: 'subscribeType', value1 })),
    ...(l.maxDeductionRatio !== null ? [{ limit_key: 'maxDeductionRatio', value1: l.maxDeductionRatio }] : []),
  ];
}
