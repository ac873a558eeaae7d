import type { ListCustomerCouponChangeRecordsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmountText } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { dayWindow } from './coupon-dates.ts';
import { invalidParameter } from './coupons.errors.ts';
import { countCustomerMovements, listCustomerMovements, type CustomerMovementFilter } from './journal.repo.ts';
import { BALANCE_TYPES, CURRENCY, TRADE_DETAIL, TRADE_TYPES } from './record-types.ts';

export interface CouponChangeRecordsQuery {
  balance_type: string;
  revenue_expense_type?: string | null;
  trade_type?: string | null;
  trade_id?: string | null;
  trade_time_begin?: string | null;
  trade_time_end?: string | null;
  coupon_id?: string | null;
  offset?: number | null;
  limit?: number | null;
}

/**
 * A customer's coupon income and expense (list_customer_coupon_change_records), read from the coupon
 * journal: activation on issue (REVENUE), deductions at payment and reclaims and expiries
 * (EXPENSE), refunds (REVENUE). BALANCE_TYPE_COUPON lists vouchers; we also answer
 * BALANCE_TYPE_RCASH_COUPON (cash coupons) and BALANCE_TYPE_STORED_VALUE_CARD. Days are UTC+8,
 * default the last year. Newest first.
 */
export async function listCustomerCouponChangeRecords(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Caller,
  q: CouponChangeRecordsQuery,
): Promise<ListCustomerCouponChangeRecordsResponse> {
  const page = pageOf(q);
  const benefitType = BALANCE_TYPES[q.balance_type];
  if (!benefitType) throw invalidParameter(`balance_type must be one of ${Object.keys(BALANCE_TYPES).join(', ')}`);
  if (q.revenue_expense_type != null && q.revenue_expense_type !== 'REVENUE' && q.revenue_expense_type !== 'EXPENSE') {
    throw invalidParameter('revenue_expense_type must be REVENUE or EXPENSE');
  }
  const kinds = q.trade_type != null ? TRADE_TYPES[q.trade_type] : undefined;
  if (q.trade_type != null && !kinds) throw invalidParameter(`trade_type must be one of ${Object.keys(TRADE_TYPES).join(', ')}`);
  if (q.trade_id && q.trade_id.length > 128) throw invalidParameter('trade_id is at most 128 characters');
  if (q.coupon_id && q.coupon_id.length > 64) throw invalidParameter('coupon_id is at most 64 characters');
  const window = dayWindow(deps.clock.now(), q.trade_time_begin, q.trade_time_end);
  const filter: CustomerMovementFilter = {
    customerId: caller.accountId,
    benefitType,
    ...window,
    ...(kinds ? { kinds } : {}),
    ...(q.revenue_expense_type ? { direction: q.revenue_expense_type === 'REVENUE' ? ('in' as const) : ('out' as const) } : {}),
    ...(q.trade_id ? { tradeId: q.trade_id } : {}),
    ...(q.coupon_id ? { couponId: q.coupon_id } : {}),
  };
  const db = deps.db.kysely;
  const holder = benefitType === 'card' ? 'card' : 'coupon';
  const [total, rows] = await Promise.all([countCustomerMovements(db, filter), listCustomerMovements(db, filter, page)]);
  return {
    total_count: total,
    currency: CURRENCY,
    records: rows.map((m) => {
      const incoming = m.to_kind === holder;
      const couponId = (incoming ? m.to_id : m.from_id) ?? '';
      const after = (incoming ? m.to_after : m.from_after) ?? 0n;
      return {
        coupon_id: couponId,
        trade_detail_type: TRADE_DETAIL[m.kind] ?? m.kind,
        trade_time: huaweiUtc(m.created_at),
        trade_id: m.order_id ?? couponId,
        change_amount: formatAmountText(m.amount),
        balance_after_change: formatAmountText(after),
        revenue_expense_type: incoming ? 'REVENUE' : 'EXPENSE',
        account_name: caller.accountName,
      };
    }),
  };
}
