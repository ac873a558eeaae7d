import { AppError } from '../../platform/errors.ts';
import type { Fen } from '../../platform/money.ts';
import { cmp, parseDecimal } from '../../platform/rational.ts';
import type { DiscountType } from '../rating/index.ts';
import type { HeldBenefit } from './coupon-port.ts';
import { payDiscountType } from './discount-types.ts';
import { couponMinDiscount, couponWithDiscount, discountNotApplicable, invalidParameter } from './orders.errors.ts';

/**
 * Paying an order, planned. Pure: which prices apply (the discount chosen among those locked into
 * the order, or the official price), what the coupons cover, and how the rest is taken from the
 * balances: cash before credit (brief §6.4), line by line. The plan either pays every fen or says
 * what is missing.
 */

export interface PayRequest {
  useCoupon: 'YES' | 'NO';
  useDiscount: 'YES' | 'NO';
  coupons: ReadonlyArray<{ id: string; type: number }>;
  discounts: ReadonlyArray<{ id: string; type: number }>;
}

/** Coupon types of pay_orders: 300 discount coupon, 301 voucher, 302 cash coupon, 303 stored-value card. */
const COUPON_TYPES = [300, 301, 302, 303];

/** The request's own rules (CBC.0100): YES needs a list, NO forbids one; at most 3 coupons and 1 discount. */
export function checkPayRequest(body: { use_coupon: string; use_discount: string; coupon_infos?: ReadonlyArray<{ id: string; type: number }> | null; discount_infos?: ReadonlyArray<{ id: string; type: number }> | null }): PayRequest {
  const flag = (v: string, field: string): 'YES' | 'NO' => {
    if (v !== 'YES' && v !== 'NO') throw invalidParameter(`${field} must be YES or NO`);
    return v;
  };
  const useCoupon = flag(body.use_coupon, 'use_coupon');
  const useDiscount = flag(body.use_discount, 'use_discount');
  const coupons = body.coupon_infos ?? [];
  const discounts = body.discount_infos ?? [];
  if (useCoupon === 'YES' && coupons.length === 0) throw invalidParameter('coupon_infos is required when use_coupon is YES');
  if (useCoupon === 'NO' && coupons.length > 0) throw invalidParameter('coupon_infos must be left out when use_coupon is NO');
  if (coupons.length > 3) throw invalidParameter('coupon_infos allows at most 3 coupons');
  if (new Set(coupons.map((c) => c.id)).size !== coupons.length) throw invalidParameter('coupon_infos names a coupon twice');
  if (coupons.some((c) => !COUPON_TYPES.includes(c.type))) throw invalidParameter('coupon_infos type must be 300, 301, 302 or 303');
  if (useDiscount === 'YES' && discounts.length === 0) throw invalidParameter('discount_infos is required when use_discount is YES');
  if (useDiscount === 'NO' && discounts.length > 0) throw invalidParameter('discount_infos must be left out when use_discount is NO');
  if (discounts.length > 1) throw invalidParameter('discount_infos allows one discount');
  if (coupons.some((c) => c.type === 300) && coupons.some((c) => c.type === 301 || c.type === 302)) {
    throw new AppError('CBC.99003147', 'a discount coupon cannot be used together with vouchers or cash coupons');
  }
  return { useCoupon, useDiscount, coupons, discounts };
}

export interface PayLine {
  id: string;
  official: Fen;
}

export interface LockedOption {
  discountId: string;
  discountType: DiscountType;
  ratio: string;
  /** Per line id: the line's amount with this discount, and whether it reduces that line. */
  lines: ReadonlyMap<string, { amount: Fen; applies: boolean }>;
}

export interface Basis {
  discount: LockedOption | null;
  /** Per line id: what the line costs before coupons. */
  amounts: Map<string, Fen>;
}

/** The prices a payment uses: the discount named (one of those locked into the order, of the type it says), or the official prices. */
export function chooseBasis(lines: readonly PayLine[], options: readonly LockedOption[], discount: { id: string; type: number } | null): Basis {
  if (!discount) return { discount: null, amounts: new Map(lines.map((l) => [l.id, l.official])) };
  const option = options.find((o) => o.discountId === discount.id);
  if (!option) throw discountNotApplicable(`discount ${discount.id} is not one of this order's (see list_order_discounts)`);
  if (payDiscountType(option.discountType) !== discount.type) throw discountNotApplicable(`discount ${discount.id} is of type ${payDiscountType(option.discountType)}, not ${discount.type}`);
  return { discount: option, amounts: new Map(lines.map((l) => [l.id, option.lines.get(l.id)?.amount ?? l.official])) };
}

/** Which discount an automatic payment takes: a business discount first (605, then 606), else the partner's; within a type the larger saving. */
export function autoPayOption(options: readonly LockedOption[]): LockedOption | null {
  const total = (o: LockedOption) => [...o.lines.values()].reduce((a, l) => a + l.amount, 0n);
  const rank = (t: DiscountType) => (t === 605 ? 0 : t === 606 ? 1 : 2);
  return [...options].sort((a, b) => rank(a.discountType) - rank(b.discountType) || (total(a) < total(b) ? -1 : total(a) > total(b) ? 1 : 0) || (a.discountId < b.discountId ? -1 : 1))[0] ?? null;
}

/** The documented coupon and discount exclusions, checked with the coupons' own attributes. */
export function checkCouponCombination(held: readonly HeldBenefit[], discount: LockedOption | null): void {
  if (!discount) return;
  for (const b of held) {
    const c = b.combination;
    if (!c) continue;
    if (c.notWithPartnerDiscount && discount.discountType === 607) throw couponWithDiscount(`coupon ${b.id} may not be used with a partner-granted discount`);
    if (c.notWithBusinessDiscount && discount.discountType !== 607) throw couponWithDiscount(`coupon ${b.id} may not be used with a business discount`);
    const min = c.minDiscountRatio ? parseDecimal(c.minDiscountRatio) : null;
    const ratio = parseDecimal(discount.ratio);
    const applies = [...discount.lines.values()].some((l) => l.applies);
    if (min && ratio && applies && cmp(ratio, min) < 0) throw couponMinDiscount(`coupon ${b.id} needs a discount ratio of at least ${c.minDiscountRatio}`);
  }
}

export interface PaidLine {
  id: string;
  official: Fen;
  amount: Fen;
  coupon: Fen;
  cash: Fen;
  credit: Fen;
}

export type PaymentPlan =
  | { ok: true; lines: PaidLine[]; official: Fen; amount: Fen; coupon: Fen; cash: Fen; credit: Fen }
  | { ok: false; payable: Fen; available: Fen };

/**
 * Takes what the order costs after coupons from cash first, then credit, line by line in order.
 * `couponByLine` is what the held coupons pay of each line.
 */
export function planPayment(lines: readonly PayLine[], basis: Basis, couponByLine: ReadonlyMap<string, Fen>, balances: { cash: Fen; credit: Fen }): PaymentPlan {
  const owed = lines.map((l) => {
    const amount = basis.amounts.get(l.id)!;
    const coupon = couponByLine.get(l.id) ?? 0n;
    if (coupon > amount) throw new Error(`coupons pay more than line ${l.id} costs`);
    return { line: l, amount, coupon, rest: amount - coupon };
  });
  const payable = owed.reduce((a, o) => a + o.rest, 0n);
  const cashAvailable = balances.cash > 0n ? balances.cash : 0n;
  const creditAvailable = balances.credit > 0n ? balances.credit : 0n;
  if (payable > cashAvailable + creditAvailable) return { ok: false, payable, available: cashAvailable + creditAvailable };
  const pools = fill(
    owed.map((o) => o.rest),
    [cashAvailable, creditAvailable],
  );
  const paid = owed.map((o, i): PaidLine => ({ id: o.line.id, official: o.line.official, amount: o.amount, coupon: o.coupon, cash: pools[i]![0]!, credit: pools[i]![1]! }));
  const sumOf = (k: keyof Omit<PaidLine, 'id'>) => paid.reduce((a, p) => a + p[k], 0n);
  return { ok: true, lines: paid, official: sumOf('official'), amount: sumOf('amount'), coupon: sumOf('coupon'), cash: sumOf('cash'), credit: sumOf('credit') };
}

/**
 * Fills each need, in order, from the pools in order (the first pool first): returns, per need,
 * what each pool gave. The needs must not exceed the pools together.
 */
export function fill(needs: readonly Fen[], pools: readonly Fen[]): Fen[][] {
  const left = [...pools];
  return needs.map((need) => {
    let rest = need;
    return left.map((_, p) => {
      const take = rest < left[p]! ? rest : left[p]!;
      left[p] = left[p]! - take;
      rest -= take;
      return take;
    });
  });
}

/** `amount` in `n` parts as equal as fen allow, the larger parts first. */
export function splitEven(amount: Fen, n: number): Fen[] {
  const count = BigInt(n);
  const base = amount / count;
  const extra = Number(amount - base * count);
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1n : 0n));
}
