import type { BenefitType, MovementKind } from './journal.repo.ts';

/** Operation types of the partner records (brief §4.5, §4.6). */
export const RECORD = {
  issue: 1,
  manualReclaim: 2,
  unbindReclaim: 3,
  expiryReclaim: 4,
  unsubscribeReclaim: 5,
  associationReclaim: 7,
  associationSwitchReclaim: 8,
  quotaIssue: 10,
  quotaReclaim: 11,
} as const;

/** Types 1-9 are coupon records; 10 and 11 quota records. (6 and 9 name operations we do not have.) */
export const COUPON_RECORD_TYPES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export const QUOTA_RECORD_TYPES = [10, 11] as const;

export const CURRENCY = 'CNY';
export const MEASURE_YUAN = 1;

/** Coupon types: a voucher quota (0) issues vouchers (1), a cash-coupon quota (1) cash coupons (4). */
export const couponTypeOfQuota = (quotaType: 0 | 1): 1 | 4 => (quotaType === 1 ? 4 : 1);
export const benefitTypeOf = (couponType: number): BenefitType => (couponType === 4 ? 'cash_coupon' : 'voucher');

/** balance_type of list_customer_coupon_change_records → which of the customer's benefits. */
export const BALANCE_TYPES: Record<string, BenefitType> = {
  BALANCE_TYPE_COUPON: 'voucher',
  BALANCE_TYPE_RCASH_COUPON: 'cash_coupon',
  BALANCE_TYPE_STORED_VALUE_CARD: 'card',
};

/** Movements seen from the customer's side: trade_detail_type (Huawei's spelling, OPERAIION included). */
export const TRADE_DETAIL: Partial<Record<MovementKind, string>> = {
  issue: 'SOURCE_OPERAIION_PRIZE',
  card_grant: 'SOURCE_OPERAIION_PRIZE',
  consume: 'SOURCE_OPERAIION_DEDEUCT',
  refund: 'SOURCE_OPERAIION_UNSUBSCRIBE',
  expire: 'SOURCE_OPERAIION_EXPIRECLEAR',
  reclaim: 'SOURCE_OPERATION_COUPONCANCEL',
  auto_reclaim: 'SOURCE_OPERATION_COUPONCANCEL',
};

/** trade_type filter values → the movements they name. RFROZEN and COUPONADJUST name none of ours. */
export const TRADE_TYPES: Record<string, readonly MovementKind[]> = {
  ADJUST: ['issue', 'card_grant'],
  DEDEUCT: ['consume'],
  REFUND: ['refund'],
  RFROZEN: [],
  EXPIRED: ['expire'],
  COUPONADJUST: [],
  COUPONCANCEL: ['reclaim', 'auto_reclaim'],
};
