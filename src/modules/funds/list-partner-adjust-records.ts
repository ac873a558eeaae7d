import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ListPartnerAdjustRecordsResponse } from '../../contract/generated/models.ts';
import { formatAmountText } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { BalanceType } from '../ledger/index.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { countRecords, listRecords, type RecordFilter } from './funds.repo.ts';
import { invalidParameter } from './funds.errors.ts';
import { instantWindow } from './record-dates.ts';
import { ADJUST_OPERATION_TYPES, CURRENCY, MEASURE_YUAN } from './trade-types.ts';

export interface AdjustRecordsQuery {
  customer_id?: string | null;
  operation_type?: string | null;
  operation_time_begin?: string | null;
  operation_time_end?: string | null;
  trans_id?: string | null;
  offset?: number | null;
  limit?: number | null;
  indirect_partner_id?: string | null;
}

/**
 * A partner's adjust records (list_partner_adjust_records, v3): what it allocated to and reclaimed
 * from its customers and, for a tier-1, its tier-2 resellers (which count as "customers" here),
 * newest first; times are UTC instants. A tier-1 passing indirect_partner_id sees a tier-2's.
 */
export async function listPartnerAdjustRecords(
  deps: Pick<Deps, 'db'>,
  caller: Caller,
  query: AdjustRecordsQuery,
): Promise<ListPartnerAdjustRecordsResponse> {
  const page = pageOf(query);
  const window = instantWindow('operation_time_begin', query.operation_time_begin, 'operation_time_end', query.operation_time_end);
  const operation = query.operation_type || null;
  if (operation && !ADJUST_OPERATION_TYPES[operation]) {
    throw invalidParameter(`operation_type must be one of ${Object.keys(ADJUST_OPERATION_TYPES).join(', ')}`);
  }
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, query.indirect_partner_id);
  const filter: RecordFilter = {
    ownerId: partnerId,
    balanceType: BalanceType.cash,
    withCounterparty: true,
    tradeTypes: operation ? [ADJUST_OPERATION_TYPES[operation]!] : Object.values(ADJUST_OPERATION_TYPES),
    ...window,
    ...(query.customer_id ? { counterpartyId: query.customer_id } : {}),
    ...(query.trans_id ? { tradeId: query.trans_id } : {}),
  };
  const [total, rows] = await Promise.all([countRecords(db, filter), listRecords(db, filter, page)]);
  return {
    total_count: total,
    records: rows.map((r) => ({
      customer_id: r.counterparty_id ?? '',
      customer_name: r.counterparty_name ?? '',
      operation_type: r.trade_detail_type,
      amount: formatAmountText(r.amount),
      currency: CURRENCY,
      operation_time: huaweiUtc(r.created_at),
      measure_id: MEASURE_YUAN,
      trans_id: r.trade_id,
    })),
  };
}
