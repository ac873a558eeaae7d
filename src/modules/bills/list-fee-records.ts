import type { ListCustomerBillsFeeRecordsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { checkLookBack, dayRangeIn, parseCycle } from './bill-calendar.ts';
import { allOf, BILL_TYPES, CHARGE_MODES, codeOf, customerScope, given, projectFilter } from './bill-query.ts';
import { CURRENCY, feeRecordV, loadBillNames, type Language } from './bill-views.ts';
import { countBills, listBills, type BillFilter } from './bills.repo.ts';

export interface FeeRecordsQuery {
  bill_cycle: string;
  provider_type?: number | null;
  service_type_code?: string | null;
  resource_type_code?: string | null;
  region_code?: string | null;
  charging_mode?: number | null;
  bill_type?: number | null;
  trade_id?: string | null;
  enterprise_project_id?: string | null;
  include_zero_record?: boolean | null;
  status?: number | null;
  method?: string | null;
  sub_customer_id?: string | null;
  offset?: number | null;
  limit?: number | null;
  bill_date_begin?: string | null;
  bill_date_end?: string | null;
}

/** The records a fee-record query selects (also what the export reads). */
export function feeRecordsFilter(caller: Caller, q: FeeRecordsQuery, now: Date): BillFilter {
  const cycle = parseCycle(q.bill_cycle, 'bill_cycle');
  checkLookBack(cycle, now, 18, 'bill_cycle');
  const days = dayRangeIn(cycle, q.bill_date_begin, q.bill_date_end);
  const chargeMode = codeOf(q.charging_mode, 'charging_mode', CHARGE_MODES);
  const billType = codeOf(q.bill_type, 'bill_type', BILL_TYPES);
  const provider = codeOf(q.provider_type, 'provider_type', [1, 2]);
  const status = codeOf(q.status, 'status', [1, 2, 3]);
  return allOf(
    { cycle },
    days ? { days } : {},
    given(q.service_type_code) ? { serviceTypeCode: q.service_type_code } : {},
    given(q.resource_type_code) ? { resourceTypeCode: q.resource_type_code } : {},
    given(q.region_code) ? { regionCode: q.region_code } : {},
    given(q.trade_id) ? { tradeId: q.trade_id } : {},
    chargeMode !== undefined ? { chargeMode } : {},
    billType !== undefined ? { billTypes: [billType] } : {},
    status !== undefined ? { paymentStatus: status } : {},
    q.include_zero_record === false ? { nonZero: true } : {},
    customerScope(caller, q.method, q.sub_customer_id),
    projectFilter(q.enterprise_project_id),
    // Every product here is Huawei Cloud's (provider 1), none the marketplace's.
    provider === 2 ? { nothing: true } : {},
  );
}

/**
 * A customer's fee records of one month (list_customer_bills_fee_records): one per bill record, in
 * trade order. Up to 18 months back; limit 1..1000.
 */
export async function listFeeRecords(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: FeeRecordsQuery, language: Language): Promise<ListCustomerBillsFeeRecordsResponse> {
  const page = pageOf(q, 1000);
  const filter = feeRecordsFilter(caller, q, deps.clock.now());
  const db = deps.db.kysely;
  const [total, rows] = await Promise.all([countBills(db, filter), listBills(db, filter, page)]);
  const names = await loadBillNames(db, language, rows);
  return { total_count: total, records: rows.map((r) => feeRecordV(r, names)), currency: CURRENCY };
}
