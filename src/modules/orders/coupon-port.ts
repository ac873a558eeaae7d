import type { Transaction } from 'kysely';
import type { ListOrderCouponsByOrderIdResponse } from '../../contract/generated/models.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Fen } from '../../platform/money.ts';
import type { Conn } from './orders.repo.ts';

/**
 * What the orders module needs from coupons and stored-value cards, as a port: the coupons module
 * (written beside this one) answers it with its reserve / consume / release / return functions,
 * all in the orders module's transaction. The shapes follow that module's exports, so the adapter
 * is a table of functions (see docs/orders.md).
 */

export type SubscribeType = 'new' | 'renew' | 'change';

export interface CouponScope {
  subscribeType: SubscribeType;
  /** What each line of the order still costs (after the chosen discount). */
  lines: ReadonlyArray<{ serviceTypeCode: string; productId: string; amount: Fen }>;
}

/** How a coupon may combine with discounts (Huawei's coupon limit attributes); absent = it may. */
export interface CouponCombination {
  /** simultaneousUseWithEmpowerDiscount = 0: not with a partner-granted discount (607). */
  notWithPartnerDiscount?: boolean;
  /** simultaneousUseWithContractDiscount = 0: not with a business discount (605, 606). */
  notWithBusinessDiscount?: boolean;
  /** minConsumeDiscount: when every discounted line's ratio is below it, coupon and discount exclude each other. */
  minDiscountRatio?: string | null;
}

export interface HeldBenefit {
  id: string;
  /** 1 voucher, 4 cash coupon; null for a stored-value card. */
  couponType: 1 | 4 | null;
  amount: Fen;
  /** How the amount splits over the scope's lines. */
  lines: ReadonlyArray<{ index: number; amount: Fen }>;
  combination?: CouponCombination;
}

export interface CouponPort {
  /** list_order_coupons_by_order_id: what the customer could use on the order now. */
  listUsable(db: Conn, input: { customerId: string; orderId: string; at: string; scope: CouponScope }): Promise<ListOrderCouponsByOrderIdResponse>;
  /** Holds the chosen coupons for the order; throws CBC.99003112 for one that cannot pay it. */
  reserve(trx: Transaction<DB>, input: { orderId: string; customerId: string; at: string; scope: CouponScope; benefitIds: readonly string[] }): Promise<{ benefits: HeldBenefit[]; total: Fen }>;
  /** The order is paid: what it holds is spent. */
  consume(trx: Transaction<DB>, input: { orderId: string; at: string; initiatorId?: string }): Promise<unknown>;
  /** The order was cancelled or lapsed: what it holds is free again. */
  release(trx: Transaction<DB>, input: { orderId: string; at: string }): Promise<unknown>;
  /** Part of what coupons paid for an order comes back on a refund. */
  giveBack(trx: Transaction<DB>, input: { orderId: string; refundId: string; at: string; amounts: ReadonlyArray<{ id: string; amount: Fen }>; initiatorId?: string }): Promise<unknown>;
}

/**
 * The port without a coupons module (the orders module on its own): no coupon is usable, and naming
 * one fails with the coupon code. The platform passes couponsPort (coupons-adapter.ts) instead.
 */
export const noCoupons: CouponPort = {
  listUsable: async () => ({ count: 0, user_coupons: [], coupon_max_use_quantity: [] }),
  reserve: async (_trx, input) => {
    if (input.benefitIds.length === 0) return { benefits: [], total: 0n };
    throw new AppError('CBC.99003112', `coupon or card ${input.benefitIds[0]} cannot be used: coupons are not available on this platform yet`);
  },
  consume: async () => undefined,
  release: async () => undefined,
  giveBack: async () => undefined,
};
