import type { ListSubCustomerBillDetailResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { checkLookBack, dayRangeIn, parseCycle } from './bill-calendar.ts';
import { allOf, BILL_TYPES, CHARGE_MODES, codeOf, given } from './bill-query.ts';
import { CURRENCY, loadBillNames, subCustomerBillV, type Language } from './bill-views.ts';
import { countBills, findAssociationTypes, listBills, type BillFilter } from './bills.repo.ts';

export interface SubCustomerBillDetailQuery {
  bill_cycle: string;
  customer_id: string;
  service_type_code?: string | null;
  region_code?: string | null;
  charging_mode?: number | null;
  bill_detail_type?: number | null;
  resource_id?: string | null;
  resource_name?: string | null;
  trade_id?: string | null;
  account_manager_id?: string | null;
  association_type?: string | null;
  offset?: number | null;
  limit?: number | null;
  indirect_partner_id?: string | null;
  bill_date_begin?: string | null;
  bill_date_end?: string | null;
}

/** The records a partner's query selects (also what the partner's export reads). */
export async function subCustomerRecordsFilter(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: Omit<SubCustomerBillDetailQuery, 'customer_id'> & { customer_id?: string | null }): Promise<BillFilter> {
  const cycle = parseCycle(q.bill_cycle, 'bill_cycle');
  checkLookBack(cycle, deps.clock.now(), 18, 'bill_cycle');
  const days = dayRangeIn(cycle, q.bill_date_begin, q.bill_date_end);
  const chargeMode = codeOf(q.charging_mode, 'charging_mode', CHARGE_MODES);
  const billType = codeOf(q.bill_detail_type, 'bill_detail_type', BILL_TYPES);
  const associationType = codeOf(q.association_type, 'association_type', [1, 2]);
  const partnerId = await resolveActingPartner(deps.db.kysely, caller, q.indirect_partner_id);
  return allOf(
    { partnerId, cycle },
    given(q.customer_id) ? { customerIds: [q.customer_id] } : {},
    days ? { days } : {},
    given(q.service_type_code) ? { serviceTypeCode: q.service_type_code } : {},
    given(q.region_code) ? { regionCode: q.region_code } : {},
    given(q.resource_id) ? { resourceId: q.resource_id } : {},
    given(q.resource_name) ? { resourceName: q.resource_name } : {},
    given(q.trade_id) ? { tradeId: q.trade_id } : {},
    given(q.account_manager_id) ? { accountManager: q.account_manager_id } : {},
    chargeMode !== undefined ? { chargeMode } : {},
    billType !== undefined ? { billTypes: [billType] } : {},
    associationType !== undefined ? { associationType } : {},
  );
}

/**
 * One customer's records as its partner sees them (list_sub_customer_bill_detail): the records
 * written while the customer was the partner's (a tier-1 names a tier-2 with indirect_partner_id
 * for the time the customer was that reseller's). A customer that never was the partner's has no
 * records here, like a missing one. Up to 18 months back; limit 1..1000.
 */
export async function listSubCustomerBillDetail(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: SubCustomerBillDetailQuery, language: Language): Promise<ListSubCustomerBillDetailResponse> {
  const page = pageOf(q, 1000);
  const filter = await subCustomerRecordsFilter(deps, caller, q);
  const db = deps.db.kysely;
  const [total, rows] = await Promise.all([countBills(db, filter), listBills(db, filter, page)]);
  const [names, associations] = await Promise.all([loadBillNames(db, language, rows), findAssociationTypes(db, rows.map((r) => r.id))]);
  return { total_count: total, fee_records: rows.map((r) => subCustomerBillV(r, names, associations.get(r.id) ?? null)), currency: CURRENCY };
}
