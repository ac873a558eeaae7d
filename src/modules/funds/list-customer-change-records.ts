import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ListCustomerAccountChangeRecordsResponse } from '../../contract/generated/models.ts';
import { formatAmountText } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { findCustomer } from '../identity/index.ts';
import { countRecords, listRecords, type RecordFilter } from './funds.repo.ts';
import { invalidParameter, notForResaleCustomers } from './funds.errors.ts';
import { recordTypeFilter } from './list-partner-change-records.ts';
import { recordWindow } from './record-dates.ts';
import { CURRENCY, CUSTOMER_TRADE_TYPES } from './trade-types.ts';

export interface CustomerChangeRecordsQuery {
  balance_type: string;
  revenue_expense_type?: string | null;
  trade_type?: string | null;
  trade_time_begin?: string | null;
  trade_time_end?: string | null;
  trade_id?: string | null;
  payment_channel_id?: string | null;
  payment_channel_no?: string | null;
  offset?: number | null;
  limit?: number | null;
}

const DIRECTIONS: Record<string, 1 | 2> = { REVENUE: 1, EXPENSE: 2 };

/**
 * A customer's own income and expense records (list_customer_account_change_records). Not for a
 * partner's resale customers (CBC.99000084), whose funds the partner manages. Records here carry no
 * payment channel, so a channel filter matches none.
 */
export async function listCustomerChangeRecords(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Caller,
  query: CustomerChangeRecordsQuery,
): Promise<ListCustomerAccountChangeRecordsResponse> {
  const page = pageOf(query);
  const window = recordWindow(deps.clock.now(), query.trade_time_begin, query.trade_time_end);
  const types = recordTypeFilter(query.balance_type, query.trade_type, CUSTOMER_TRADE_TYPES);
  const direction = query.revenue_expense_type ? DIRECTIONS[query.revenue_expense_type] : undefined;
  if (query.revenue_expense_type && direction === undefined) throw invalidParameter('revenue_expense_type must be REVENUE or EXPENSE');
  const db = deps.db.kysely;
  const customer = await findCustomer(db, caller.accountId);
  if (customer && customer.association_type === 2) throw notForResaleCustomers();
  if (query.payment_channel_id || query.payment_channel_no) return { total_count: 0, currency: CURRENCY, records: [] };
  const filter: RecordFilter = {
    ownerId: caller.accountId,
    ...types,
    ...window,
    ...(direction ? { direction } : {}),
    ...(query.trade_id ? { tradeId: query.trade_id } : {}),
  };
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
      revenue_expense_type: r.direction === 1 ? 'REVENUE' : 'EXPENSE',
      account_name: caller.accountName,
    })),
  };
}
