import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { checkPayRequest, payOrder, placeOrder, unsubscribeResources, type CouponPort, type HeldBenefit } from '../../src/modules/orders/index.ts';
import { grantPartnerDiscounts } from '../../src/modules/rating/index.ts';
import { AppError } from '../../src/platform/errors.ts';
import { toFen } from '../../src/platform/money.ts';
import { callerOf, type World } from '../funds/factories.ts';
import { balances, fund, ordersWorld, startOrdersApp } from './support.ts';

/**
 * The coupon port as the orders module uses it, with a stand-in for the coupons module: a voucher
 * pays lines in order up to its balance; what an order spent and got back is recorded.
 */
function fakeCoupons(vouchers: Record<string, { balance: bigint; combination?: HeldBenefit['combination'] }>) {
  const log: string[] = [];
  const held = new Map<string, HeldBenefit[]>();
  const port: CouponPort = {
    listUsable: async () => ({ count: 0, user_coupons: [], coupon_max_use_quantity: [] }),
    reserve: async (_trx, input) => {
      const remaining = input.scope.lines.map((l) => l.amount);
      const benefits = input.benefitIds.map((id): HeldBenefit => {
        const v = vouchers[id];
        if (!v) throw new AppError('CBC.99003112', `no coupon ${id}`);
        let left = v.balance;
        const lines = remaining.flatMap((r, index) => {
          const take = r < left ? r : left;
          left -= take;
          remaining[index] = r - take;
          return take > 0n ? [{ index, amount: take }] : [];
        });
        return { id, couponType: 1, amount: v.balance - left, lines, ...(v.combination ? { combination: v.combination } : {}) };
      });
      held.set(input.orderId, benefits);
      return { benefits, total: benefits.reduce((a, b) => a + b.amount, 0n) };
    },
    consume: async (_trx, input) => {
      for (const b of held.get(input.orderId) ?? []) {
        vouchers[b.id]!.balance -= b.amount;
        log.push(`consume ${b.id} ${b.amount}`);
      }
    },
    release: async (_trx, input) => void log.push(`release ${input.orderId}`),
    giveBack: async (_trx, input) => {
      for (const a of input.amounts) {
        vouchers[a.id]!.balance += a.amount;
        log.push(`back ${a.id} ${a.amount}`);
      }
    },
  };
  return { port, log };
}

const eipLine = (id: string) => ({
  id,
  product: { service: 'hws.service.type.vpc', resource: 'hws.resource.type.ip', spec: '5_bgp', region: 'cn-north-4' },
  resourceSize: null,
  sizeMeasureId: null,
  periodType: 3,
  periodNum: 1,
  subscriptionNum: 1,
  parentId: null,
  resourceName: null,
  projectId: null,
});

describe(`paying with coupons through the coupon port (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startOrdersApp();
    w = await ordersWorld(t);
    await fund(t, w, w.customer, 100_000n);
  });
  after(async () => t.close());

  it('a voucher pays part of the order, the balance the rest; an unsubscribe at once gives both back', async () => {
    const { port, log } = fakeCoupons({ V1: { balance: 5_000n } });
    const caller = callerOf(w.customer);
    const placed = await placeOrder(t.deps, { customerId: w.customer.id, lines: [eipLine('a'), eipLine('b')], userName: 'c' });
    const before = await balances(t, w.customer.id);
    await payOrder(t.deps, port, caller, placed.order_id, checkPayRequest({ use_coupon: 'YES', use_discount: 'NO', coupon_infos: [{ id: 'V1', type: 301 }] }));
    assert.equal((await balances(t, w.customer.id)).cash, before.cash - 35_000n);
    assert.deepEqual(log, ['consume V1 5000']);
    const order = await t.deps.db.kysely.selectFrom('orders').selectAll().where('id', '=', placed.order_id).executeTakeFirstOrThrow();
    assert.deepEqual([toFen(order.coupon_amount), toFen(order.cash_amount)], [5_000n, 35_000n]);
    const bills = await t.deps.db.kysely.selectFrom('bill_records').selectAll().where('order_id', 'in', placed.sub_order_ids).orderBy('coupon_amount', 'desc').execute();
    assert.deepEqual(bills.map((b) => [toFen(b.coupon_amount), toFen(b.cash_amount), toFen(b.consume_amount)]), [[5_000n, 15_000n, 20_000n], [0n, 20_000n, 20_000n]]);
    const resources = await t.deps.db.kysely.selectFrom('subscription_resources').select(['id', 'order_id']).where('order_id', 'in', placed.sub_order_ids).execute();
    await unsubscribeResources(t.deps, port, caller, { resource_ids: resources.map((r) => r.id), unsubscribe_type: 1 });
    assert.deepEqual(await balances(t, w.customer.id), before);
    assert.deepEqual(log, ['consume V1 5000', 'back V1 5000']);
  });

  it("a coupon that may not combine with the customer's discount is refused (CBC.99003116), the wrong type too (CBC.99003112)", async () => {
    const granted = await grantPartnerDiscounts(t.deps, { accountId: w.distributor.id }, [{ customer_id: w.customer.id, discount_ratio: 0.9, name: 'p90', effective_time: '2024-01-01T00:00:00Z' }]);
    const discountId = String(granted.discounts[0]!.discount_id);
    const { port } = fakeCoupons({ V2: { balance: 1_000n, combination: { notWithPartnerDiscount: true } } });
    const caller = callerOf(w.customer);
    const placed = await placeOrder(t.deps, { customerId: w.customer.id, lines: [eipLine('a')], userName: 'c' });
    const req = (type: number) => checkPayRequest({ use_coupon: 'YES', use_discount: 'YES', coupon_infos: [{ id: 'V2', type }], discount_infos: [{ id: discountId, type: 3 }] });
    await assert.rejects(payOrder(t.deps, port, caller, placed.order_id, req(301)), (e: AppError) => e.code === 'CBC.99003116');
    await assert.rejects(payOrder(t.deps, port, caller, placed.order_id, req(302)), (e: AppError) => e.code === 'CBC.99003112');
    await payOrder(t.deps, port, caller, placed.order_id, checkPayRequest({ use_coupon: 'YES', use_discount: 'NO', coupon_infos: [{ id: 'V2', type: 301 }] }));
  });
});
