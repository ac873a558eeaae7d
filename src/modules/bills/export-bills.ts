import type { Deps } from '../../platform/deps.ts';
import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';
import { AppError } from '../../platform/errors.ts';
import { formatAmountText } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { feeRecordsFilter } from './list-fee-records.ts';
import { subCustomerRecordsFilter } from './list-sub-customer-bill-detail.ts';
import { loadBillNames, type Language } from './bill-views.ts';
import { invalidParameter } from './bills.errors.ts';
import { countBills, listBills, type BillRow } from './bills.repo.ts';

export interface ExportQuery {
  bill_cycle: string;
  format?: 'csv' | 'xlsx';
  customer_id?: string;
  indirect_partner_id?: string;
}

/** One export holds at most this many records; narrow it (one customer) beyond. */
export const MAX_EXPORT_ROWS = 100_000;
const BATCH = 1000;

export interface ExportColumn {
  header: string;
  kind: 'text' | 'amount' | 'integer';
  value: (r: BillRow, names: Awaited<ReturnType<typeof loadBillNames>>) => string | number | null;
}

const amount = (header: string, pick: (r: BillRow) => bigint): ExportColumn => ({ header, kind: 'amount', value: (r) => formatAmountText(pick(r)) });

/** The columns of an export: the fee record's fields, amounts in yuan with 2 decimals, times in UTC. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'bill_cycle', kind: 'text', value: (r) => r.billCycle },
  { header: 'bill_date', kind: 'text', value: (r) => r.billDate },
  { header: 'trade_time', kind: 'text', value: (r) => huaweiUtc(r.tradeTime) },
  { header: 'customer_id', kind: 'text', value: (r) => r.customerId },
  { header: 'account_name', kind: 'text', value: (r, n) => n.account(r.customerId) ?? '' },
  { header: 'bill_type', kind: 'integer', value: (r) => r.billType },
  { header: 'charging_mode', kind: 'integer', value: (r) => r.chargeMode },
  { header: 'service_type_code', kind: 'text', value: (r) => r.serviceTypeCode },
  { header: 'service_type_name', kind: 'text', value: (r, n) => n.service(r.serviceTypeCode) },
  { header: 'resource_type_code', kind: 'text', value: (r) => r.resourceTypeCode },
  { header: 'resource_type_name', kind: 'text', value: (r, n) => n.resourceType(r.resourceTypeCode) },
  { header: 'region_code', kind: 'text', value: (r) => r.regionCode },
  { header: 'resource_id', kind: 'text', value: (r) => r.resourceId ?? '' },
  { header: 'resource_name', kind: 'text', value: (r, n) => n.resource(r.resourceId) ?? '' },
  { header: 'trade_id', kind: 'text', value: (r) => r.tradeId },
  { header: 'status', kind: 'integer', value: (r) => r.paymentStatus },
  amount('official_amount', (r) => r.amounts.official),
  amount('official_discount_amount', (r) => r.amounts.discount),
  amount('erase_amount', (r) => r.amounts.erase),
  amount('consume_amount', (r) => r.amounts.consume),
  amount('cash_amount', (r) => r.amounts.cash),
  amount('credit_amount', (r) => r.amounts.credit),
  amount('coupon_amount', (r) => r.amounts.coupon),
  amount('flexipurchase_coupon_amount', (r) => r.amounts.flexipurchaseCoupon),
  amount('stored_value_card_amount', (r) => r.amounts.storedCard),
  amount('bonus_amount', (r) => r.amounts.bonus),
  amount('debt_amount', (r) => r.amounts.debt),
  amount('writeoff_amount', (r) => r.amounts.writeoff),
];

export interface ExportTable {
  name: string;
  rows: Array<Array<string | number | null>>;
}

/**
 * A month's bill records for the caller's own scope, as a table: a customer's own records (as
 * list_customer_bills_fee_records reads them); a partner's customers' records written under it
 * (as list_sub_customer_bill_detail, optionally one customer_id; a tier-1 names a tier-2 with
 * indirect_partner_id).
 */
export async function exportBills(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, q: ExportQuery, language: Language): Promise<ExportTable> {
  let filter;
  let scope: string;
  if (caller.role === 'customer') {
    if (q.customer_id !== undefined || q.indirect_partner_id !== undefined) throw invalidParameter('customer_id and indirect_partner_id are for partners');
    filter = feeRecordsFilter(caller, { bill_cycle: q.bill_cycle }, deps.clock.now());
    scope = caller.accountId;
  } else if (isPartnerCaller(caller)) {
    filter = await subCustomerRecordsFilter(deps, caller, { bill_cycle: q.bill_cycle, customer_id: q.customer_id, indirect_partner_id: q.indirect_partner_id });
    scope = q.customer_id ?? filter.partnerId ?? caller.accountId;
  } else {
    throw new AppError('CBC.0151', 'access denied: bill exports are for customers and partners');
  }
  const db = deps.db.kysely;
  const total = await countBills(db, filter);
  if (total > MAX_EXPORT_ROWS) throw invalidParameter(`the export would hold ${total} records, more than ${MAX_EXPORT_ROWS}: export one customer at a time`);
  const rows: Array<Array<string | number | null>> = [EXPORT_COLUMNS.map((c) => c.header)];
  for (let offset = 0; offset < total; offset += BATCH) {
    const batch = await listBills(db, filter, { offset, limit: BATCH });
    const names = await loadBillNames(db, language, batch);
    for (const r of batch) rows.push(EXPORT_COLUMNS.map((c) => c.value(r, names)));
  }
  return { name: `bills-${scope}-${q.bill_cycle}`, rows };
}
