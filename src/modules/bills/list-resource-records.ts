import type { ListCustomerselfResourceRecordsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { checkLookBack, dayRangeIn, parseCycle } from './bill-calendar.ts';
import { allOf, BILL_TYPES, CHARGE_MODES, codeOf, customerScope, given } from './bill-query.ts';
import { CURRENCY, loadBillNames, resFeeRecordV, type Language } from './bill-views.ts';
import { invalidParameter } from './bills.errors.ts';
import { readResourceLines, type StatisticType } from './read-resource-lines.ts';

export interface ResourceRecordsQuery {
  cycle: string;
  cloud_service_type?: string | null;
  region?: string | null;
  charge_mode?: string | null;
  bill_type?: number | null;
  offset?: number | null;
  limit?: number | null;
  resource_id?: string | null;
  enterprise_project_id?: string | null;
  include_zero_record?: boolean | null;
  method?: string | null;
  sub_customer_id?: string | null;
  trade_id?: string | null;
  bill_date_begin?: string | null;
  bill_date_end?: string | null;
  statistic_type?: number | null;
}

/** Sent (even empty) means filter by that value: an empty value selects records where the field is empty. */
const carried = (s: string | null | undefined): s is string => typeof s === 'string';

/**
 * A customer's resource records of a month (list_customerself_resource_records): every record
 * (statistic_type 3, the default), or per resource by day (2) or for the month (1, which ignores
 * the day range). Up to 18 months back; limit 1..1000.
 */
export async function listResourceRecords(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: ResourceRecordsQuery, language: Language): Promise<ListCustomerselfResourceRecordsResponse> {
  const page = pageOf(q, 1000);
  const cycle = parseCycle(q.cycle, 'cycle');
  checkLookBack(cycle, deps.clock.now(), 18, 'cycle');
  const statistic = (codeOf(q.statistic_type, 'statistic_type', [1, 2, 3]) ?? 3) as StatisticType;
  if (q.charge_mode === '') throw invalidParameter('charge_mode must not be empty');
  const chargeMode = codeOf(q.charge_mode, 'charge_mode', CHARGE_MODES);
  const billType = codeOf(q.bill_type, 'bill_type', BILL_TYPES);
  const days = statistic === 1 ? undefined : dayRangeIn(cycle, q.bill_date_begin, q.bill_date_end);
  const filter = allOf(
    { cycle },
    days ? { days } : {},
    carried(q.cloud_service_type) ? { serviceTypeCode: q.cloud_service_type } : {},
    carried(q.region) ? { regionCode: q.region } : {},
    carried(q.resource_id) ? { resourceId: q.resource_id } : {},
    carried(q.trade_id) ? { tradeId: q.trade_id } : {},
    chargeMode !== undefined ? { chargeMode } : {},
    billType !== undefined ? { billTypes: [billType] } : {},
    q.include_zero_record === false ? { nonZero: true } : {},
    customerScope(caller, q.method, given(q.sub_customer_id) ? q.sub_customer_id : undefined),
    carried(q.enterprise_project_id) && q.enterprise_project_id !== '0' ? { nothing: true } : {},
  );
  const db = deps.db.kysely;
  const { total, rows } = await readResourceLines(db, filter, statistic, page, { withUsage: true });
  const names = await loadBillNames(db, language, rows);
  return { total_count: total, fee_records: rows.map((r) => resFeeRecordV(r, names, { detail: statistic === 3, day: statistic === 2 })), currency: CURRENCY };
}
