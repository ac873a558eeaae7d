import type {
  MonthlyBillRecord,
  MonthlyBillRes,
  ResFeeRecordV2,
  SubCustomerMonthlyBillDetail,
} from '../../contract/generated/models.ts';
import { formatAmount } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { orderTypeOf, type BillAmounts } from './bill-amounts.ts';
import { findNameTables, type BillRow, type Conn, type LineUsage } from './bills.repo.ts';
import { exactWireNumber } from './decimal-text.ts';

/** How bill records look on the wire, one mapper per answer model. Amounts: yuan as JSON numbers. */

export const CURRENCY = 'CNY';
export const MEASURE_YUAN = 1;
/** Every record belongs to the default enterprise project (no enterprise projects are kept). */
export const DEFAULT_PROJECT = { id: '0', name: 'default' } as const;
export type Language = 'zh_CN' | 'en_US';

export interface BillNames {
  service(code: string): string;
  resourceType(code: string): string;
  region(code: string): string;
  spec(service: string, resource: string, spec: string): string;
  resource(id: string | null): string | undefined;
  account(id: string): string | undefined;
  accountManager(id: string): string | undefined;
}

type NameItem = { serviceTypeCode: string; resourceTypeCode: string; regionCode: string; specCode: string; resourceId: string | null; customerId: string };

export async function loadBillNames(db: Conn, language: Language, items: readonly NameItem[]): Promise<BillNames> {
  const t = await findNameTables(db, items);
  const pick = (n: { name_zh: string; name_en: string } | undefined, fallback: string) => (n ? (language === 'en_US' ? n.name_en : n.name_zh) : fallback);
  return {
    service: (code) => pick(t.services.get(code), code),
    resourceType: (code) => pick(t.resourceTypes.get(code), code),
    region: (code) => pick(t.regions.get(code), code),
    spec: (s, r, spec) => pick(t.specs.get(`${s}|${r}|${spec}`), spec),
    // An on-demand resource nobody named is shown by its id.
    resource: (id) => (id ? (t.resourceNames.get(id) ?? id) : undefined),
    account: (id) => t.accounts.get(id)?.name,
    accountManager: (id) => t.accounts.get(id)?.account_manager ?? undefined,
  };
}

const y = formatAmount;
const utc = (t: string | null) => (t ? huaweiUtc(t) : undefined);

/** When the money was consumed: the payment for prepaid records, the usage's start for on-demand ones. */
export const consumeTime = (r: BillRow) => (r.chargeMode === 3 && r.effectiveTime ? huaweiUtc(r.effectiveTime) : huaweiUtc(r.tradeTime));

/** Usage periods are shown for on-demand records only; the documents reserve them for prepaid ones. */
const usagePeriod = (r: BillRow) => (r.chargeMode === 3 ? { effective_time: utc(r.effectiveTime), expire_time: utc(r.expireTime) } : {});

/** Payment parts under the names the record models use. */
function payments(a: BillAmounts) {
  return {
    cash_amount: y(a.cash),
    credit_amount: y(a.credit),
    coupon_amount: y(a.coupon),
    flexipurchase_coupon_amount: y(a.flexipurchaseCoupon),
    bonus_amount: y(a.bonus),
    debt_amount: y(a.debt),
  };
}

/** list_customer_bills_fee_records. */
export function feeRecordV(r: BillRow, names: BillNames): MonthlyBillRecord {
  return {
    bill_cycle: r.billCycle,
    customer_id: r.customerId,
    service_type_code: r.serviceTypeCode,
    resource_type_code: r.resourceTypeCode,
    service_type_name: names.service(r.serviceTypeCode),
    resource_type_name: names.resourceType(r.resourceTypeCode),
    region_code: r.regionCode,
    region_name: names.region(r.regionCode),
    enterprise_project_id: DEFAULT_PROJECT.id,
    enterprise_project_name: DEFAULT_PROJECT.name,
    charging_mode: r.chargeMode,
    consume_time: consumeTime(r),
    trade_time: huaweiUtc(r.tradeTime),
    provider_type: 1,
    trade_id: r.tradeId,
    id: r.id,
    bill_type: r.billType,
    status: r.paymentStatus,
    official_amount: y(r.amounts.official),
    official_discount_amount: y(r.amounts.discount),
    erase_amount: y(r.amounts.erase),
    consume_amount: y(r.amounts.consume),
    ...payments(r.amounts),
    stored_value_card_amount: y(r.amounts.storedCard),
    writeoff_amount: y(r.amounts.writeoff),
    account_name: names.account(r.customerId),
  };
}

/**
 * The usage fields of an on-demand row (ResFeeRecordV2), from its rated line(s): usage and what free
 * resource packages covered of it, both in the line's unit. free_resource_usage comes with every
 * usage row, 0 when no package covered any: the model does not make it conditional and 0 is exact.
 * A quantity a double cannot hold exactly is left out with its unit rather than rounded. No unit
 * price, unit or formula: lines keep the amounts, not the price (tiers, discounts) they came from;
 * no reserved instances exist, so no ri_usage.
 */
function usageFields(u: LineUsage | undefined) {
  if (!u) return {};
  const usage = exactWireNumber(u.usage);
  const free = exactWireNumber(u.free);
  return {
    usage_type: u.usageType,
    ...(usage !== undefined ? { usage, usage_measure_id: u.measureId } : {}),
    ...(free !== undefined ? { free_resource_usage: free, free_resource_measure_id: u.measureId } : {}),
  };
}

/**
 * A row of the customer's resource records (ResFeeRecordV2) from a record or from a group of
 * records (`detail` false: no id, no trade, no times). The model has no truncation field: the
 * discount shown includes it, so official = discount + amount.
 */
export function resFeeRecordV(r: BillRow, names: BillNames, shape: { detail: boolean; day: boolean }): ResFeeRecordV2 {
  const a = r.amounts;
  return {
    ...(shape.day || shape.detail ? { bill_date: r.billDate } : {}),
    bill_type: r.billType,
    customer_id: r.customerId,
    region: r.regionCode,
    region_name: names.region(r.regionCode),
    cloud_service_type: r.serviceTypeCode,
    resource_type: r.resourceTypeCode,
    cloud_service_type_name: names.service(r.serviceTypeCode),
    resource_type_name: names.resourceType(r.resourceTypeCode),
    ...(shape.detail ? usagePeriod(r) : {}),
    resource_id: r.resourceId ?? undefined,
    resource_name: names.resource(r.resourceId),
    product_id: r.productId || undefined,
    product_name: r.specCode ? names.spec(r.serviceTypeCode, r.resourceTypeCode, r.specCode) : undefined,
    product_spec_desc: r.specCode ? names.spec(r.serviceTypeCode, r.resourceTypeCode, r.specCode) : undefined,
    sku_code: r.specCode || undefined,
    ...(r.resourceSize !== null ? { spec_size: r.resourceSize, spec_size_measure_id: r.sizeMeasureId ?? undefined } : {}),
    ...(shape.detail ? { trade_id: r.tradeId, id: r.id, trade_time: huaweiUtc(r.tradeTime), consume_time: consumeTime(r) } : {}),
    enterprise_project_id: DEFAULT_PROJECT.id,
    enterprise_project_name: DEFAULT_PROJECT.name,
    charge_mode: String(r.chargeMode),
    ...(r.orderId && shape.detail ? { order_id: r.orderId } : {}),
    ...(r.periodType !== null ? { period_type: String(r.periodType) } : {}),
    ...usageFields(r.usage),
    official_amount: y(a.official),
    discount_amount: y(a.discount + a.erase),
    amount: y(a.consume),
    ...payments(a),
    stored_card_amount: y(a.storedCard),
    adjustment_amount: y(a.writeoff),
    measure_id: MEASURE_YUAN,
    account_name: names.account(r.customerId),
    ...(r.periodNum !== null && shape.detail ? { period_num: r.periodNum } : {}),
  };
}

/** A row of the customer's resource details (MonthlyBillRes), from a record or a group. */
export function monthlyBillResV(r: BillRow, names: BillNames, shape: { detail: boolean; day: boolean }): MonthlyBillRes {
  const a = r.amounts;
  return {
    cycle: r.billCycle,
    ...(shape.day ? { bill_date: r.billDate } : {}),
    bill_type: r.billType,
    customer_id: r.customerId,
    region: r.regionCode,
    region_name: names.region(r.regionCode),
    cloud_service_type: r.serviceTypeCode,
    resource_Type_code: r.resourceTypeCode,
    cloud_service_type_name: names.service(r.serviceTypeCode),
    resource_type_name: names.resourceType(r.resourceTypeCode),
    res_instance_id: r.resourceId ?? undefined,
    resource_name: names.resource(r.resourceId),
    sku_code: r.specCode || undefined,
    product_spec_desc: r.specCode ? names.spec(r.serviceTypeCode, r.resourceTypeCode, r.specCode) : undefined,
    enterprise_project_id: DEFAULT_PROJECT.id,
    enterprise_project_name: DEFAULT_PROJECT.name,
    charge_mode: r.chargeMode,
    consume_amount: y(a.consume),
    ...payments(a),
    stored_card_amount: y(a.storedCard),
    adjustment_amount: y(a.writeoff),
    official_amount: y(a.official),
    discount_amount: y(a.discount + a.erase),
    measure_id: MEASURE_YUAN,
    ...(r.periodType !== null ? { period_type: r.periodType } : {}),
    ...(r.resourceId ? { root_resource_id: r.parentResourceId ?? r.resourceId } : {}),
    ...(r.parentResourceId ? { parent_resource_id: r.parentResourceId } : {}),
    ...(shape.detail ? { trade_id: r.tradeId, id: r.id, consume_time: consumeTime(r), ...usagePeriod(r) } : {}),
    payer_account_id: r.customerId,
    account_name: names.account(r.customerId),
    ...(r.periodNum !== null && shape.detail ? { period_num: r.periodNum } : {}),
  };
}

/** A record of a partner's customer (list_sub_customer_bill_detail). */
export function subCustomerBillV(r: BillRow, names: BillNames, associationType: number | null): SubCustomerMonthlyBillDetail {
  const a = r.amounts;
  const orderType = orderTypeOf(r.billType);
  return {
    bill_cycle: r.billCycle,
    customer_id: r.customerId,
    ...(associationType !== null ? { association_type: String(associationType) } : {}),
    service_type_code: r.serviceTypeCode,
    resource_type_code: r.resourceTypeCode,
    service_type_name: names.service(r.serviceTypeCode),
    resource_type_name: names.resourceType(r.resourceTypeCode),
    charging_mode: r.chargeMode,
    trade_time: huaweiUtc(r.tradeTime),
    trade_id: r.tradeId,
    id: r.id,
    bill_detail_type: r.billType,
    resource_id: r.resourceId ?? undefined,
    resource_name: names.resource(r.resourceId),
    product_spec_desc: r.specCode ? names.spec(r.serviceTypeCode, r.resourceTypeCode, r.specCode) : undefined,
    region_code: r.regionCode,
    region_name: names.region(r.regionCode),
    product_id: r.productId || undefined,
    product_name: r.specCode ? names.spec(r.serviceTypeCode, r.resourceTypeCode, r.specCode) : undefined,
    consume_time: consumeTime(r),
    official_amount: y(a.official),
    official_discount_amount: y(a.discount + a.erase),
    payment_amount: y(a.consume),
    cash_amount: y(a.cash),
    credit_amount: y(a.credit),
    coupon_amount: y(a.coupon),
    flexipurchase_coupon_amount: y(a.flexipurchaseCoupon),
    stored_value_card_amount: y(a.storedCard),
    debt_amount: y(a.debt),
    writeoff_amount: y(a.writeoff),
    ...(r.periodType !== null ? { period_type: r.periodType } : {}),
    account_manager_id: names.accountManager(r.customerId),
    partner_id: r.partnerId ?? undefined,
    ...(r.periodNum !== null ? { period_num: r.periodNum } : {}),
    enterprise_project_id: DEFAULT_PROJECT.id,
    ...(orderType !== null ? { order_type: orderType } : {}),
  };
}
