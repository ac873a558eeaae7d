import type { ListCouponQuotasRecordsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmount } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { accountNames } from './account-names.ts';
import { instantBounds } from './coupon-dates.ts';
import { countRecords, listRecords, type RecordFilter } from './journal.repo.ts';
import { QUOTA_RECORD_TYPES } from './record-types.ts';

export interface QuotaRecordsQuery {
  indirect_partner_id?: string | null;
  quota_id?: string | null;
  operation_time_begin?: string | null;
  operation_time_end?: string | null;
  parent_quota_id?: string | null;
  operation_type?: string | null;
  offset?: number | null;
  limit?: number | null;
}

/**
 * A tier-1 distributor's records of quota passed to (10) and reclaimed from (11) its tier-2
 * resellers (list_coupon_quotas_records), failures included (result -1). Newest first.
 */
export async function listCouponQuotaRecords(deps: Pick<Deps, 'db'>, caller: Caller, q: QuotaRecordsQuery): Promise<ListCouponQuotasRecordsResponse> {
  const page = pageOf(q);
  const window = instantBounds('operation_time_begin', q.operation_time_begin, 'operation_time_end', q.operation_time_end);
  const db = deps.db.kysely;
  const tier2 = q.indirect_partner_id ? await resolveActingPartner(db, caller, q.indirect_partner_id) : null;
  // A value other than 10 or 11 is no filter, as documented.
  const type = q.operation_type === '10' || q.operation_type === '11' ? Number(q.operation_type) : null;
  const filter: RecordFilter = {
    ownerId: caller.accountId,
    operationTypes: type !== null ? [type] : [...QUOTA_RECORD_TYPES],
    ...(tier2 ? { indirectPartnerId: tier2 } : {}),
    ...(q.quota_id ? { quotaId: q.quota_id } : {}),
    ...(q.parent_quota_id ? { parentQuotaId: q.parent_quota_id } : {}),
    ...window,
  };
  const [total, rows] = await Promise.all([countRecords(db, filter), listRecords(db, filter, page)]);
  const names = await accountNames(db, rows.flatMap((r) => (r.indirect_partner_id ? [r.indirect_partner_id] : [])));
  return {
    total_count: total,
    records: rows.map((r) => {
      const tier2Name = r.indirect_partner_id ? names.get(r.indirect_partner_id) : undefined;
      return {
        id: String(r.id),
        operator: r.operator_name ?? '',
        operation_type: String(r.operation_type),
        quota_id: r.quota_id ?? '',
        parent_quota_id: r.parent_quota_id ?? '',
        amount: formatAmount(r.amount),
        operation_time: huaweiUtc(r.created_at),
        result: String(r.result),
        indirect_partner_account_name: tier2Name?.name ?? '',
        indirect_partner_id: r.indirect_partner_id ?? '',
        indirect_partner_name: tier2Name?.displayName ?? '',
        remark: r.remark ?? '',
      };
    }),
  };
}
