import type { Fen } from '../../platform/money.ts';

/**
 * The amounts of a bill record (fen) and the identities every record and every sum of records keeps:
 * official = discount + erase + consume, and consume = cash + credit + coupon + flexipurchase coupon
 * + stored-value card + bonus + debt + write-off. Sums of records keep both, so a month's sum is the
 * sum of its records whichever way they are grouped.
 */
export interface BillAmounts {
  official: Fen;
  discount: Fen;
  erase: Fen;
  consume: Fen;
  cash: Fen;
  credit: Fen;
  coupon: Fen;
  flexipurchaseCoupon: Fen;
  storedCard: Fen;
  bonus: Fen;
  debt: Fen;
  writeoff: Fen;
}

export const AMOUNT_KEYS = ['official', 'discount', 'erase', 'consume', 'cash', 'credit', 'coupon', 'flexipurchaseCoupon', 'storedCard', 'bonus', 'debt', 'writeoff'] as const;

/** What paid the consumed amount, in the order the bills list them. */
export const PAYMENT_KEYS = ['cash', 'credit', 'coupon', 'flexipurchaseCoupon', 'storedCard', 'bonus', 'debt', 'writeoff'] as const;
export type PaymentKey = (typeof PAYMENT_KEYS)[number];

export const zeroAmounts = (): BillAmounts => ({ official: 0n, discount: 0n, erase: 0n, consume: 0n, cash: 0n, credit: 0n, coupon: 0n, flexipurchaseCoupon: 0n, storedCard: 0n, bonus: 0n, debt: 0n, writeoff: 0n });

export function addAmounts(a: BillAmounts, b: BillAmounts): BillAmounts {
  const out = zeroAmounts();
  for (const k of AMOUNT_KEYS) out[k] = a[k] + b[k];
  return out;
}

export function sumAmounts(items: Iterable<BillAmounts>): BillAmounts {
  let total = zeroAmounts();
  for (const a of items) total = addAmounts(total, a);
  return total;
}

/** Whether both identities hold. */
export function amountsAddUp(a: BillAmounts): boolean {
  const paid = PAYMENT_KEYS.reduce((s, k) => s + a[k], 0n);
  return a.official === a.discount + a.erase + a.consume && a.consume === paid;
}

/** The partner's monthly sums know three kinds of bill: 0 consumption, 1 unsubscribe (refund), 2 Huawei write-off. */
export function partnerSumType(billType: number): 0 | 1 {
  return REFUND_TYPES.has(billType) ? 1 : 0;
}

/** The customer's monthly sums code them differently: 1 consumption, 2 refund, 3 adjustment. */
export function customerSumType(billType: number): 1 | 2 | 3 {
  if (REFUND_TYPES.has(billType)) return 2;
  if (ADJUSTMENT_TYPES.has(billType)) return 3;
  return 1;
}

/** Refund-unsubscribe, refund-change, refund-yearly/monthly to on-demand. */
export const REFUND_TYPES: ReadonlySet<number> = new Set([4, 20, 24]);
/** Adjustment-compensation, adjustment-deduction. */
export const ADJUSTMENT_TYPES: ReadonlySet<number> = new Set([9, 16]);

/** The order type a bill type comes from (1 new, 2 renewal, 3 change, 4 unsubscribe, 10 to on-demand); null for usage. */
export function orderTypeOf(billType: number): number | null {
  switch (billType) {
    case 1:
    case 103:
      return 1;
    case 2:
    case 8:
      return 2;
    case 3:
      return 3;
    case 4:
    case 20:
      return 4;
    case 24:
      return 10;
    default:
      return null;
  }
}
