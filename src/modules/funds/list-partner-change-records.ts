import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ListPartnerAccountChangeRecordsResponse } from '../../contract/generated/models.ts';
import { formatAmountText } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { countRecords, listRecords, type RecordFilter } from './funds.repo.ts';
import { invalidParameter } from './funds.errors.ts';
import { recordWindow } from './record-dates.ts';
import { CURRENCY, PARTNER_TRADE_TYPES, RECORD_BALANCE_TYPES } from './trade-types.ts';

export interface PartnerChangeRecordsQuery {
  balance_type: string;
  trade_type?: string | null;
  trade_time_begin?: string | null;
  trade_time_end?: string | null;
  offset?: number | null;
  limit?: number | null;
  indirect_partner_id?: string | null;
}

/** The filter of a record query's balance_type (required) and trade_type (optional, empty = all). */
export function recordTypeFilter(balanceType: string, tradeType: string | null | undefined, allowed: readonly string[]) {
  const type = RECORD_BALANCE_TYPES[balanceType];
  if (type === undefined) throw invalidParameter('balance_type must be BALANCE_TYPE_DEBIT or BALANCE_TYPE_CREDIT');
  if (tradeType && !allowed.includes(tradeType)) throw invalidParameter(`trade_type must be one of ${allowed.join(', ')}`);
  return { balanceType: type, ...(tradeType ? { tradeTypes: [tradeType] } : {}) };
}

/**
 * A partner's income and expense records (list_partner_account_change_records), newest first, for
 * days in UTC+8 (default: the last year). A tier-1 passing indirect_partner_id sees a tier-2's.
 */
export async function listPartnerChangeRecords(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Caller,
  query: PartnerChangeRecordsQuery,
): Promise<ListPartnerAccountChangeRecordsResponse> {
  const page = pageOf(query);
  const window = recordWindow(deps.clock.now(), query.trade_time_begin, query.trade_time_end);
  const types = recordTypeFilter(query.balance_type, query.trade_type, PARTNER_TRADE_TYPES);
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, query.indirect_partner_id);
  const filter: RecordFilter = { ownerId: partnerId, ...types, ...window };
  const [total, rows] = await Promise.all([countRecords(db, filter), listRecords(db, filter, page)]);
  return {
    total_count: total,
    currency: CURRENCY,
    records: rows.map((r) => ({
      account_change_id: String(r.id),
      trade_detail_type: r.trade_detail_type,
      trade_time: huaweiUtc(r.created_at),
      trade_id: r.trade_id,
      change_amount: formatAmountText(r.amount),
      balance_after_change: formatAmountText(r.balance_after),
      type: String(r.direction),
      ...(r.counterparty_id ? { customer_id: r.counterparty_id, account_name: r.counterparty_name ?? '' } : {}),
    })),
  };
}
