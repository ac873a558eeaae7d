import type { BalanceTypeDeductSumV2, ListSubcustomerMonthlyBillsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmount, type Fen } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { REFUND_TYPES, type BillAmounts } from './bill-amounts.ts';
import { parseCycle } from './bill-calendar.ts';
import { allOf, codeOf, given } from './bill-query.ts';
import { CURRENCY, loadBillNames, MEASURE_YUAN } from './bill-views.ts';
import { invalidParameter } from './bills.errors.ts';
import { countBillGroups, sumBills, type BillFilter } from './bills.repo.ts';

export interface SubcustomerMonthlyQuery {
  customer_id?: string | null;
  cycle: string;
  cloud_service_type?: string | null;
  charge_mode: string;
  offset?: number | null;
  limit?: number | null;
  bill_type?: string | null;
  indirect_partner_id?: string | null;
}

const RESALE = 2;

/** The balance types a partner's monthly sums break a consumption into, with the part of the record each names. */
const ACCOUNTS: ReadonlyArray<[string, (a: BillAmounts) => Fen]> = [
  ['BALANCE_TYPE_DEBIT', (a) => a.cash],
  ['BALANCE_TYPE_CREDIT', (a) => a.credit],
  ['BALANCE_TYPE_BONUS', (a) => a.bonus],
  ['BALANCE_TYPE_COUPON', (a) => a.coupon],
  ['BALANCE_TYPE_RCASH_COUPON', (a) => a.flexipurchaseCoupon],
  ['BALANCE_TYPE_STORED_VALUE_CARD', (a) => a.storedCard],
];

/**
 * A partner's monthly sums of its resale customers' consumption (list_subcustomer_monthly_bills):
 * per customer, service, resource type and kind of bill (0 consumption, 1 unsubscribe; 2 write-off
 * never happens here), for one charge mode. Records count for the partner they were written under,
 * so a customer that left still shows for the months it was the partner's; a tier-1 names a tier-2
 * (indirect_partner_id) for that reseller's. Unsubscribe sums are negative and carry no debt,
 * write-off or discount. limit 1..100.
 */
export async function listSubcustomerMonthlyBills(deps: Pick<Deps, 'db'>, caller: Caller, q: SubcustomerMonthlyQuery): Promise<ListSubcustomerMonthlyBillsResponse> {
  const page = pageOf(q, 100);
  const cycle = parseCycle(q.cycle, 'cycle');
  const chargeMode = codeOf(q.charge_mode, 'charge_mode', [1, 3, 11]);
  if (chargeMode === undefined) throw invalidParameter('charge_mode is required: 1, 3 or 11');
  const billType = codeOf(q.bill_type, 'bill_type', [0, 1, 2]);
  const db = deps.db.kysely;
  const partnerId = await resolveActingPartner(db, caller, q.indirect_partner_id);
  const filter: BillFilter = allOf(
    { partnerId, cycle, chargeMode, associationType: RESALE },
    given(q.customer_id) ? { customerIds: [q.customer_id] } : {},
    given(q.cloud_service_type) ? { serviceTypeCode: q.cloud_service_type } : {},
    billType === 0 ? { billTypes: CONSUMPTION_TYPES } : billType === 1 ? { billTypes: [...REFUND_TYPES] } : billType === 2 ? { nothing: true } : {},
  );
  const by = ['customer_id', 'service_type_code', 'resource_type_code', 'partner_sum_type'] as const;
  const [count, groups] = await Promise.all([countBillGroups(db, filter, by), sumBills(db, filter, by, page)]);
  const names = await loadBillNames(
    db,
    'zh_CN',
    groups.map((g) => ({ customerId: String(g.key.customer_id), serviceTypeCode: String(g.key.service_type_code), resourceTypeCode: String(g.key.resource_type_code), regionCode: '', specCode: '', resourceId: null })),
  );
  const y = formatAmount;
  return {
    bill_sums: groups.map((g) => {
      const a = g.amounts;
      const type = String(g.key.partner_sum_type);
      const consumption = type === '0';
      const details: BalanceTypeDeductSumV2[] = ACCOUNTS.filter(([, part]) => part(a) !== 0n).map(([balanceType, part]) => ({ balance_type: balanceType, amount: y(part(a)), bill_type: type }));
      return {
        customer_id: String(g.key.customer_id),
        cloud_service_type: String(g.key.service_type_code),
        cloud_service_type_name: names.service(String(g.key.service_type_code)),
        bill_type: type,
        charge_mode: String(chargeMode),
        amount: y(a.consume),
        ...(consumption ? { debt_amount: y(a.debt), adjustment_amount: y(a.writeoff), discount_amount: y(a.discount + a.erase) } : {}),
        measure_id: MEASURE_YUAN,
        account_details: details,
        resource_type_code: String(g.key.resource_type_code),
        resource_type_name: names.resourceType(String(g.key.resource_type_code)),
      };
    }),
    count,
    currency: CURRENCY,
  };
}

/** Every bill type that is not a refund. */
const CONSUMPTION_TYPES = [1, 2, 3, 5, 8, 9, 14, 16, 18, 23, 25, 103];
