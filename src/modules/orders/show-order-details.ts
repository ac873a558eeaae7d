import type { ShowCustomerOrderDetailsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { getVisibleOrder } from './order-access.ts';
import { lineV2, loadNames, orderV3, type Language } from './order-views.ts';
import { findLines, findSubOrders, type OrderRow } from './orders.repo.ts';

export interface OrderDetailsQuery {
  offset?: number | null;
  limit?: number | null;
  indirect_partner_id?: string | null;
}

/**
 * One order with its line items (show_customer_order_details): a combined order lists its
 * sub-orders in sub_order_infos and the line items of all of them; total_count counts the line items.
 */
export async function showOrderDetails(
  deps: Pick<Deps, 'db'>,
  caller: Caller,
  orderId: string,
  query: OrderDetailsQuery,
  language: Language = 'zh_CN',
): Promise<ShowCustomerOrderDetailsResponse> {
  const page = pageOf(query);
  const order = await getVisibleOrder(deps.db.kysely, caller, orderId, query.indirect_partner_id);
  return orderDetails(deps, order, page, language);
}

/** The details of an order the caller may see (the answer of placing one, too). */
export async function orderDetails(deps: Pick<Deps, 'db'>, order: OrderRow, page: { offset: number; limit: number }, language: Language): Promise<ShowCustomerOrderDetailsResponse> {
  const db = deps.db.kysely;
  const subs = order.isCombined ? await findSubOrders(db, order.id) : [];
  const lines = await findLines(db, subs.length ? subs.map((s) => s.id) : [order.id]);
  const names = await loadNames(db, language, lines);
  const orderOf = new Map([order, ...subs].map((o) => [o.id, o]));
  return {
    total_count: lines.length,
    order_info: orderV3(order, subs, names),
    order_line_items: lines.slice(page.offset, page.offset + page.limit).map((l) => lineV2(l, orderOf.get(l.orderId)!, names)),
  };
}
