import { Type, type Static } from '@sinclair/typebox';
import { requestHash, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { amountFromWire } from '../../platform/money.ts';
import { parseHuaweiUtc } from '../../platform/time-format.ts';
import { OPERATOR_SCOPE } from '../funds/index.ts';
import { NO_LIMITS, parseDeductionRatio, SUBSCRIBE_TYPES, type QuotaLimits, type SubscribeType } from './coupon-limits.ts';
import { operatorInvalid } from './coupons.errors.ts';

/** The operator plane's quota limits: readable names; amounts in yuan as JSON numbers. */
export const LimitsBody = Type.Object(
  {
    service_types: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, description: 'serviceTypeWhiteList: cloud service type codes; empty = any' })),
    product_white_list: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    product_black_list: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    subscribe_types: Type.Optional(Type.Array(Type.Union(SUBSCRIBE_TYPES.map((s) => Type.Literal(s))), { maxItems: 3 })),
    max_deduction_ratio: Type.Optional(Type.Number({ description: 'Share of an order a coupon may pay, in (0, 1], e.g. 0.5' })),
    min_face_value: Type.Optional(Type.Number({ description: 'Yuan' })),
    max_face_value: Type.Optional(Type.Number({ description: 'Yuan' })),
    max_coupons_per_customer: Type.Optional(Type.Integer({ minimum: 1 })),
    max_face_value_per_customer: Type.Optional(Type.Number({ description: 'Yuan: total face value from this quota per customer' })),
    designated_customer_ids: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000, description: 'Only these customers may receive coupons from the quota' })),
  },
  { additionalProperties: false, title: 'CouponQuotaLimits' },
);
export type LimitsBody = Static<typeof LimitsBody>;

const money = (v: number | undefined, field: string): string | null => (v === undefined ? null : amountFromWire(v, field).toString());

/** Operator-plane limits → stored limits; PBSS.0400 for what does not make sense. */
export function limitsFromBody(b: LimitsBody | undefined): QuotaLimits {
  if (!b) return NO_LIMITS;
  const unique = <T>(xs: readonly T[] | undefined): T[] => [...new Set(xs ?? [])];
  let ratio: string | null = null;
  if (b.max_deduction_ratio !== undefined) {
    ratio = parseDeductionRatio(String(b.max_deduction_ratio));
    if (ratio === null) throw operatorInvalid('limits.max_deduction_ratio must be greater than 0 and at most 1');
  }
  return {
    serviceTypes: unique(b.service_types),
    productWhiteList: unique(b.product_white_list),
    productBlackList: unique(b.product_black_list),
    subscribeTypes: unique<SubscribeType>(b.subscribe_types),
    maxDeductionRatio: ratio,
    minFaceValue: money(b.min_face_value, 'limits.min_face_value'),
    maxFaceValue: money(b.max_face_value, 'limits.max_face_value'),
    maxCouponsPerCustomer: b.max_coupons_per_customer ?? null,
    maxFaceValuePerCustomer: money(b.max_face_value_per_customer, 'limits.max_face_value_per_customer'),
    designatedCustomers: unique(b.designated_customer_ids),
  };
}

/** An instant of the operator plane (`yyyy-MM-ddTHH:mm:ssZ`) as ISO text; undefined stays undefined. */
export function operatorInstant(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = parseHuaweiUtc(value);
  if (!d) throw operatorInvalid(`${field} must be a UTC time yyyy-MM-ddTHH:mm:ssZ`);
  return d.toISOString();
}

/** An operator idempotency claim made outside HTTP (the CLI, the demo seed), hashed as over HTTP. */
export const couponOperatorClaim = (operation: 'coupon_quota' | 'stored_value_card', key: string, fingerprint: unknown): IdempotencyClaim => ({
  scope: OPERATOR_SCOPE,
  operation,
  key,
  requestHash: requestHash({ operation, request: fingerprint }),
});
