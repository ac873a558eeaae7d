import type { CustomerOrderV2, CustomerOrderV3, OrderLineItemEntityV2 } from '../../contract/generated/models.ts';
import { formatAmount, type Fen } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import type { Conn, LineRow, OrderRow } from './orders.repo.ts';
import { findSpecNames, findTypeNames } from './records.repo.ts';

/** How orders and their lines look on the wire (CustomerOrderV2/V3, OrderLineItemEntityV2). */

export const CURRENCY = 'CNY';
export const MEASURE_YUAN = 1;
export type Language = 'zh_CN' | 'en_US';

export interface Names {
  service(code: string): string;
  resource(code: string): string;
  spec(service: string, resource: string, spec: string): string;
}

/** Looks up the names an answer needs, in one round of queries. */
export async function loadNames(
  db: Conn,
  language: Language,
  items: ReadonlyArray<{ serviceTypeCode: string; resourceTypeCode?: string; specCode?: string }>,
): Promise<Names> {
  const [types, specs] = await Promise.all([
    findTypeNames(
      db,
      items.map((i) => i.serviceTypeCode),
      items.flatMap((i) => (i.resourceTypeCode ? [i.resourceTypeCode] : [])),
    ),
    findSpecNames(
      db,
      items.flatMap((i) => (i.resourceTypeCode && i.specCode ? [{ service: i.serviceTypeCode, resource: i.resourceTypeCode, spec: i.specCode }] : [])),
    ),
  ]);
  const pick = (n: { name_zh: string; name_en: string } | undefined, fallback: string) => (n ? (language === 'en_US' ? n.name_en : n.name_zh) : fallback);
  return {
    service: (code) => pick(types.services.get(code), code),
    resource: (code) => pick(types.resources.get(code), code),
    spec: (service, resource, spec) => pick(specs.get(`${service}|${resource}|${spec}`), spec),
  };
}

const time = (t: string | null) => (t ? huaweiUtc(t) : undefined);

/** amount_info: the discount taken off (by type), coupons, and for unsubscribe orders the fee and the consumed amount. */
function amountInfo(o: Pick<OrderRow, 'official' | 'amount' | 'discountType' | 'coupon' | 'commission' | 'consumed' | 'orderType'>) {
  const discount: Fen = o.orderType === 4 ? 0n : o.official - o.amount;
  return {
    discounts: discount > 0n ? [{ discount_type: String(o.discountType ?? 607), discount_amount: formatAmount(discount) }] : [],
    flexipurchase_coupon_amount: 0,
    coupon_amount: formatAmount(o.coupon),
    stored_card_amount: 0,
    ...(o.commission !== null ? { commission_amount: formatAmount(o.commission) } : {}),
    ...(o.consumed !== null ? { consumed_amount: formatAmount(o.consumed) } : {}),
  };
}

function orderCore(o: OrderRow, names: Names) {
  return {
    order_id: o.id,
    customer_id: o.customerId,
    service_type_code: o.serviceTypeCode,
    service_type_name: names.service(o.serviceTypeCode),
    source_type: o.sourceType,
    status: o.status,
    order_type: o.orderType,
    amount_after_discount: formatAmount(o.amount),
    official_amount: formatAmount(o.official),
    measure_id: MEASURE_YUAN,
    create_time: huaweiUtc(o.createdAt),
    ...(o.paymentTime ? { payment_time: huaweiUtc(o.paymentTime) } : {}),
    currency: CURRENCY,
    amount_info: amountInfo(o),
  };
}

export function orderV3(o: OrderRow, subs: readonly OrderRow[], names: Names): CustomerOrderV3 {
  const v3 = (x: OrderRow) => ({ ...orderCore(x, names), user_name: x.userName, ...(x.deadline && x.status === 6 ? { pending_payment_end_time: huaweiUtc(x.deadline) } : {}) });
  return { ...v3(o), ...(subs.length ? { sub_order_infos: subs.map(v3) } : {}) };
}

export function orderV2(o: OrderRow, subs: readonly OrderRow[], names: Names): CustomerOrderV2 {
  return { ...orderCore(o, names), enterprise_projects: [], ...(subs.length ? { sub_order_infos: subs.map((s) => orderCore(s, names)) } : {}) };
}

export function lineV2(l: LineRow, order: OrderRow, names: Names): OrderLineItemEntityV2 {
  const spec = names.spec(l.serviceTypeCode, l.resourceTypeCode, l.specCode);
  const desc = l.resourceSize !== null ? `${spec}|${l.resourceSize}` : spec;
  const isRefund = order.orderType === 4;
  return {
    order_line_item_id: l.id,
    service_type_code: l.serviceTypeCode,
    service_type_name: names.service(l.serviceTypeCode),
    product_id: l.productId,
    product_spec_desc: desc,
    ...(l.periodType !== null ? { period_type: l.periodType } : {}),
    ...(l.periodNum !== null && !isRefund ? { period_num: l.periodNum } : {}),
    ...(l.effectiveTime ? { effective_time: time(l.effectiveTime) } : {}),
    ...(l.expireTime ? { expire_time: time(l.expireTime) } : {}),
    subscription_num: l.subscriptionNum,
    amount_after_discount: formatAmount(l.amount),
    official_amount: formatAmount(l.official),
    amount_info: {
      discounts: !isRefund && l.official > l.amount ? [{ discount_type: String(order.discountType ?? 607), discount_amount: formatAmount(l.official - l.amount) }] : [],
      flexipurchase_coupon_amount: 0,
      coupon_amount: formatAmount(l.coupon),
      stored_card_amount: 0,
    },
    currency: CURRENCY,
    category_code: l.serviceTypeCode,
    product_owner_service: l.serviceTypeCode,
    commercial_resource: l.resourceTypeCode,
    base_product_info: { product_id: l.productId, product_spec_desc: desc, category_code: l.serviceTypeCode, product_owner_service: l.serviceTypeCode, commercial_resource: l.resourceTypeCode },
    order_id: l.orderId,
  };
}
