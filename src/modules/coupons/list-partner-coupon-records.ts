import type { ListPartnerCouponsRecordResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmount } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { instantBounds } from './coupon-dates.ts';
import { invalidParameter } from './coupons.errors.ts';
import { countRecords, listRecords, type RecordFilter } from './journal.repo.ts';
import { COUPON_RECORD_TYPES } from './record-types.ts';

export interface CouponRecordsQuery {
  operation_types?: string[] | null;
  quota_id?: string | null;
  quota_type?: number | null;
  coupon_ids?: string[] | null;
  customer_id?: string | null;
  operation_time_begin?: string | null;
  operation_time_end?: string | null;
  result?: string | null;
  offset?: number | null;
  limit?: number | null;
  indirect_partner_id?: string | null;
}

/**
 * A partner's coupon operation records (list_partner_coupons_record), or its tier-2's when a tier-1
 * names it: issues (1, failures included with result -1), manual reclaims (2), automatic reclaims
 * (3, 7, 8), expiries (4) and refunds returned to the quota (5). Newest first.
 */
export async function listPartnerCouponRecords(deps: Pick<Deps, 'db'>, caller: Caller, q: CouponRecordsQuery): Promise<ListPartnerCouponsRecordResponse> {
  const page = pageOf(q);
  const types = q.operation_types === undefined || q.operation_types === null ? [...COUPON_RECORD_TYPES] : q.operation_types.map(Number);
  if (types.some((t) => !(COUPON_RECORD_TYPES as readonly number[]).includes(t))) throw invalidParameter('operation_types values must be 1 to 9');
  if (q.quota_type != null && q.quota_type !== 0 && q.quota_type !== 1) throw invalidParameter('quota_type must be 0 or 1');
  const window = instantBounds('operation_time_begin', q.operation_time_begin, 'operation_time_end', q.operation_time_end);
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, q.indirect_partner_id);
  const filter: RecordFilter = {
    ownerId: partnerId,
    operationTypes: types,
    ...(q.quota_id ? { quotaId: q.quota_id } : {}),
    ...(q.quota_type != null ? { quotaType: q.quota_type } : {}),
    ...(q.coupon_ids ? { couponIds: q.coupon_ids } : {}),
    ...(q.customer_id ? { customerId: q.customer_id } : {}),
    // Any value other than 0 and -1 is no filter, as documented.
    ...(q.result === '0' ? { result: 0 as const } : q.result === '-1' ? { result: -1 as const } : {}),
    ...window,
  };
  const [total, rows] = await Promise.all([countRecords(db, filter), listRecords(db, filter, page)]);
  return {
    total_count: total,
    records: rows.map((r) => ({
      id: String(r.id),
      operation_type: String(r.operation_type),
      quota_id: r.quota_id ?? '',
      quota_type: r.quota_type ?? 0,
      coupon_id: r.coupon_id ?? '',
      customer_id: r.customer_id ?? '',
      operation_amount: formatAmount(r.amount),
      operation_time: huaweiUtc(r.created_at),
      result: String(r.result),
      remark: r.remark ?? '',
    })),
  };
}
