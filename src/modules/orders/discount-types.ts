import type { DiscountType } from '../rating/index.ts';

/**
 * How the rating engine's discounts are named where an order is paid. list_order_discounts and
 * pay_orders type a discount 0 promotion, 2 business (商务优惠), 3 partner-granted; there is no
 * separate code for a channel business discount, so both business discounts (605 granted to the
 * customer, 606 through its partner's channel) are type 2, and partner-set rates (607) type 3.
 */
export function payDiscountType(type: DiscountType): 2 | 3 {
  return type === 607 ? 3 : 2;
}
