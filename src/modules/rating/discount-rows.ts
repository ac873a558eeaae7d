import { cmp, fromWireNumber, hasAtMostDecimals, isNegative, isZero, ONE, toExactText } from '../../platform/rational.ts';
import type { DiscountChargeMode, DiscountsTable } from '../../platform/db/schema.ts';
import { huaweiUtc, parseHuaweiUtc } from '../../platform/time-format.ts';
import { invalidGrant } from './rating.errors.ts';

/** A grant as the partner and operator planes take it (the ratio is the share paid: 0.85 = 15% off). */
export interface GrantItem {
  discount_ratio: number;
  name?: string;
  service_type_code?: string;
  resource_type_code?: string;
  charge_mode?: 'ALL' | 'PERIOD' | 'ON_DEMAND';
  effective_time?: string;
  expire_time?: string;
}

export const DISCOUNT_LABELS: Record<605 | 606 | 607, string> = {
  605: '商务折扣',
  606: '渠道商务折扣',
  607: '伙伴设置折扣',
};

const MODES: Record<NonNullable<GrantItem['charge_mode']>, DiscountChargeMode> = { ALL: 'all', PERIOD: 'period', ON_DEMAND: 'on_demand' };

function instant(at: string, field: string, value: string): string {
  const d = parseHuaweiUtc(value);
  if (!d) throw invalidGrant(`${at}.${field} must be UTC yyyy-MM-ddTHH:mm:ssZ`);
  return d.toISOString();
}

/** Validates one grant and builds its row (catalog references are checked by the caller). */
export function discountRow(
  item: GrantItem,
  at: string,
  fixed: { id: string; type: 605 | 606 | 607; customerId: string | null; partnerId: string | null; grantedBy: string; now: string },
): DiscountsTable {
  const ratio = fromWireNumber(item.discount_ratio);
  if (!ratio || isNegative(ratio) || isZero(ratio) || cmp(ratio, ONE) > 0 || !hasAtMostDecimals(ratio, 4)) {
    throw invalidGrant(`${at}.discount_ratio must be in (0, 1] with at most 4 decimals (the share of the price paid)`);
  }
  if (item.resource_type_code && !item.service_type_code) throw invalidGrant(`${at}: resource_type_code needs service_type_code`);
  const from = item.effective_time ? instant(at, 'effective_time', item.effective_time) : fixed.now;
  const to = item.expire_time ? instant(at, 'expire_time', item.expire_time) : null;
  if (to !== null && to <= from) throw invalidGrant(`${at}: expire_time must be after effective_time`);
  if (to !== null && to <= fixed.now) throw invalidGrant(`${at}: expire_time is in the past`);
  const ratioText = toExactText(ratio)!;
  return {
    id: fixed.id,
    discount_type: fixed.type,
    name: item.name?.trim() || `${DISCOUNT_LABELS[fixed.type]} ${ratioText}`,
    customer_id: fixed.customerId,
    partner_id: fixed.partnerId,
    granted_by: fixed.grantedBy,
    service_type_code: item.service_type_code || null,
    resource_type_code: item.resource_type_code || null,
    charge_mode: MODES[item.charge_mode ?? 'ALL'],
    ratio: ratioText,
    effective_from: from,
    effective_to: to,
    status: 'active',
    created_at: fixed.now,
    revoked_at: null,
  };
}

/** A discount as the planes show it. */
export function discountView(r: DiscountsTable) {
  return {
    discount_id: r.id,
    discount_type: r.discount_type,
    name: r.name,
    customer_id: r.customer_id,
    partner_id: r.partner_id,
    granted_by: r.granted_by,
    service_type_code: r.service_type_code,
    resource_type_code: r.resource_type_code,
    charge_mode: r.charge_mode.toUpperCase(),
    discount_ratio: Number(r.ratio),
    effective_time: huaweiUtc(r.effective_from),
    expire_time: r.effective_to ? huaweiUtc(r.effective_to) : null,
    status: r.status,
    created_at: huaweiUtc(r.created_at),
  };
}
export type DiscountView = ReturnType<typeof discountView>;
