import type { DiscountType } from '../rating/index.ts';
import type { DiscountLineRow } from './orders.repo.ts';
import type { LockedOption } from './plan-payment.ts';

/** The discount options stored with an order, as the payment plan reads them. */
export function lockedOptionsOf(rows: readonly DiscountLineRow[]): LockedOption[] {
  const byId = new Map<string, LockedOption & { lines: Map<string, { amount: bigint; applies: boolean }> }>();
  for (const r of rows) {
    let o = byId.get(r.discountId);
    if (!o) {
      o = { discountId: r.discountId, discountType: r.discountType as DiscountType, ratio: r.ratio, lines: new Map() };
      byId.set(r.discountId, o);
    }
    o.lines.set(r.lineItemId, { amount: r.amount, applies: r.applies });
  }
  return [...byId.values()];
}
