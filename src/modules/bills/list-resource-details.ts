import type { ListCustomerselfResourceRecordDetailsResponse, QueryResRecordsDetailReq } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { checkLookBack, dayRangeIn, parseCycle } from './bill-calendar.ts';
import { allOf, BILL_TYPES, CHARGE_MODES, codeOf, customerScope, given, has, projectFilter } from './bill-query.ts';
import { CURRENCY, loadBillNames, monthlyBillResV, type Language } from './bill-views.ts';
import { invalidParameter } from './bills.errors.ts';
import { readResourceLines, type StatisticType } from './read-resource-lines.ts';

/** The documents keep no resource details before January 2019. */
const FIRST_CYCLE = '2019-01';

/**
 * A customer's resource details (list_customerself_resource_record_details): per resource for the
 * month (statistic_type 1, the default), per day (2) or every record (3). query_type DAILY (only
 * with 2 or 3) narrows to bill_cycle_begin..bill_cycle_end, days of the month asked. Up to 18 months
 * back and not before 2019-01; limit 1..1000.
 */
export async function listResourceDetails(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, body: QueryResRecordsDetailReq, language: Language): Promise<ListCustomerselfResourceRecordDetailsResponse> {
  const page = pageOf(body, 1000);
  const cycle = parseCycle(body.cycle, 'cycle');
  if (cycle < FIRST_CYCLE) throw invalidParameter(`cycle must not be before ${FIRST_CYCLE}`);
  checkLookBack(cycle, deps.clock.now(), 18, 'cycle');
  const statistic = (codeOf(body.statistic_type, 'statistic_type', [1, 2, 3]) ?? 1) as StatisticType;
  const queryType = given(body.query_type) ? body.query_type : 'BILLCYCLE';
  if (queryType !== 'BILLCYCLE' && queryType !== 'DAILY') throw invalidParameter('query_type must be BILLCYCLE or DAILY');
  let days: { from: string; to: string } | undefined;
  if (queryType === 'DAILY') {
    if (statistic === 1) throw invalidParameter('query_type DAILY needs statistic_type 2 or 3');
    if (!given(body.bill_cycle_begin) || !given(body.bill_cycle_end)) throw invalidParameter('bill_cycle_begin and bill_cycle_end are required when query_type is DAILY');
    days = dayRangeIn(cycle, body.bill_cycle_begin, body.bill_cycle_end, ['bill_cycle_begin', 'bill_cycle_end']);
  }
  const chargeMode = has(body.charge_mode) ? codeOf(body.charge_mode, 'charge_mode', CHARGE_MODES) : undefined;
  const billType = has(body.bill_type) ? codeOf(body.bill_type, 'bill_type', BILL_TYPES) : undefined;
  const filter = allOf(
    { cycle },
    days ? { days } : {},
    given(body.cloud_service_type) ? { serviceTypeCode: body.cloud_service_type } : {},
    given(body.resource_type) ? { resourceTypeCode: body.resource_type } : {},
    given(body.region) ? { regionCode: body.region } : {},
    given(body.res_instance_id) ? { resourceId: body.res_instance_id } : {},
    chargeMode !== undefined ? { chargeMode } : {},
    billType !== undefined ? { billTypes: [billType] } : {},
    body.include_zero_record === false ? { nonZero: true } : {},
    customerScope(caller, body.method, body.sub_customer_id),
    projectFilter(body.enterprise_project_id),
    // The customer pays for itself: another payer has nothing here.
    given(body.payer_account_id) && body.payer_account_id !== caller.accountId ? { nothing: true } : {},
  );
  const db = deps.db.kysely;
  const { total, rows } = await readResourceLines(db, filter, statistic, page);
  const names = await loadBillNames(db, language, rows);
  return { total_count: total, monthly_records: rows.map((r) => monthlyBillResV(r, names, { detail: statistic === 3, day: statistic === 2 })), currency: CURRENCY };
}
