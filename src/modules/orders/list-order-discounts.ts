import type { ListOrderDiscountsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmount } from '../../platform/money.ts';
import type { DiscountType } from '../rating/index.ts';
import { payDiscountType } from './discount-types.ts';
import { getOwnTopOrder } from './order-access.ts';
import { findDiscountLines, findLines, findSubOrders } from './orders.repo.ts';

/**
 * The discounts a customer may pay an order with (list_order_discounts): the options locked in
 * when the order was placed, each with the line items it reduces and by how much. Only a pending
 * order has any; a paid, cancelled or lapsed one answers an empty list.
 */
export async function listOrderDiscounts(deps: Pick<Deps, 'db'>, caller: Caller, orderId: string): Promise<ListOrderDiscountsResponse> {
  const db = deps.db.kysely;
  const order = await getOwnTopOrder(db, caller, orderId);
  if (order.status !== 6) return { discounts: [] };
  const [options, subs] = await Promise.all([findDiscountLines(db, order.id), order.isCombined ? findSubOrders(db, order.id) : Promise.resolve([])]);
  const lines = await findLines(db, subs.length ? subs.map((s) => s.id) : [order.id]);
  const lineById = new Map(lines.map((l) => [l.id, l]));
  const ids = [...new Set(options.map((o) => o.discountId))];
  return {
    discounts: ids.map((discountId) => {
      const rows = options.filter((o) => o.discountId === discountId && o.applies);
      const first = options.find((o) => o.discountId === discountId)!;
      const orderIds = [...new Set(rows.map((r) => lineById.get(r.lineItemId)!.orderId))];
      return {
        discount_id: discountId,
        discount_value: first.ratio,
        discount_type: payDiscountType(first.discountType as DiscountType),
        orders: orderIds.map((id) => ({
          order_id: id,
          order_line_items: rows
            .filter((r) => lineById.get(r.lineItemId)!.orderId === id)
            .map((r) => ({
              order_line_item_ids: [r.lineItemId],
              discount_mode: 0,
              discount_amount: formatAmount(lineById.get(r.lineItemId)!.official - r.amount),
              discount_ratio: Number(first.ratio),
            })),
        })),
      };
    }),
  };
}
