import type { Insertable } from 'kysely';
import type { OrderDiscountLinesTable, OrderLineItemsTable, OrdersTable } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { runIdempotent, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import type { ProductKey } from '../catalog/index.ts';
import { quotePeriodProducts } from '../rating/index.ts';
import { ORDER_JOBS } from './order-jobs.ts';
import { checkOrderShape, planOrder, type OrderPlan, type PlannedLine } from './plan-order.ts';
import { findCustomerPartner, insertDiscountLines, insertLines, insertOrders } from './orders.repo.ts';
import { addDays, PAYMENT_WINDOW_DAYS } from './subscription-calendar.ts';

export interface PlaceOrderLine {
  id: string;
  product: ProductKey;
  resourceSize: number | null;
  sizeMeasureId: number | null;
  /** 2 month or 3 year. */
  periodType: number;
  periodNum: number;
  subscriptionNum: number;
  /** The id of the main product's line in this request (a disk bought with its server). */
  parentId: string | null;
  resourceName: string | null;
  projectId: string | null;
}

export interface PlaceOrderInput {
  customerId: string;
  lines: PlaceOrderLine[];
  /** user_name on the order: the customer's login, or 运营人员 for the operator. */
  userName: string;
}

export interface PlacedOrder {
  order_id: string;
  sub_order_ids: string[];
}

export const ORDER_ID_PREFIX = 'CS';
export const lineIdOf = (orderId: string, seq: number) => `${orderId}-${String(seq).padStart(6, '0')}`;

/**
 * Places a new purchase of yearly/monthly products for a customer (the partner API has no such
 * operation; orders come from consoles): priced by the rating engine at 2 decimals, one-time fees
 * included, every discount that reaches the customer locked in with the best offer pre-selected.
 * One main product (with its children) is one order; several make a combined order with a
 * sub-order each. The order waits for payment for 7 days, then lapses (a job in the same
 * transaction).
 */
export async function placeOrder(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, input: PlaceOrderInput, claim: IdempotencyClaim | null = null): Promise<PlacedOrder> {
  const shape = input.lines.map((l) => ({ id: l.id, parentId: l.parentId, serviceTypeCode: l.product.service, resourceTypeCode: l.product.resource, periodType: l.periodType, periodNum: l.periodNum, subscriptionNum: l.subscriptionNum }));
  checkOrderShape(shape);
  if (!(await findCustomerPartner(deps.db.kysely, input.customerId))) throw new AppError('PBSS.0404', `customer ${input.customerId} does not exist`);
  const quote = await quotePeriodProducts(deps, {
    customerId: input.customerId,
    places: 2,
    lines: input.lines.map((l) => ({
      id: l.id,
      product: l.product,
      resourceSize: l.resourceSize,
      sizeMeasureId: l.sizeMeasureId,
      periodType: l.periodType,
      periodNum: l.periodNum,
      subscriptionNum: l.subscriptionNum,
      includeOneTime: true,
    })),
  });
  const plan = planOrder(shape, quote);
  const now = deps.clock.now();
  const at = iso(now);
  const deadline = addDays(now, PAYMENT_WINDOW_DAYS);
  const rows = orderRows(deps, input, plan, at, iso(deadline));
  return runIdempotent(deps.db, claim, at, async (trx) => {
    await insertOrders(trx, rows.orders);
    await insertLines(trx, rows.lines);
    await insertDiscountLines(trx, rows.discounts);
    await scheduleJob(trx, now, { kind: ORDER_JOBS.lapse, key: rows.topId, runAt: deadline, payload: { orderId: rows.topId } });
    return { order_id: rows.topId, sub_order_ids: rows.subIds };
  });
}

function orderRows(deps: Pick<Deps, 'ids'>, input: PlaceOrderInput, plan: OrderPlan, at: string, deadline: string) {
  const byId = new Map(input.lines.map((l) => [l.id, l]));
  const base = (id: string, service: string, official: bigint, amount: bigint, parentId: string | null, combined: boolean, seq = 0): Insertable<OrdersTable> => ({
    id,
    customer_id: input.customerId,
    parent_id: parentId,
    seq,
    is_combined: combined ? 1 : 0,
    order_type: 1,
    source_type: 1,
    status: 6,
    service_type_code: service,
    official_amount: official,
    amount_after_discount: amount,
    discount_id: plan.best?.discountId ?? null,
    discount_type: plan.best?.discountType ?? null,
    coupon_amount: 0n,
    cash_amount: 0n,
    credit_amount: 0n,
    user_name: input.userName,
    created_at: at,
    pending_payment_end_time: deadline,
    updated_at: at,
  });
  const topId = deps.ids.prefixed(ORDER_ID_PREFIX);
  const firstService = byId.get(plan.groups[0]!.lines[0]!.id)!.product.service;
  const orders: Insertable<OrdersTable>[] = [base(topId, firstService, plan.official, plan.amount, null, plan.combined)];
  const lines: Insertable<OrderLineItemsTable>[] = [];
  const lineIds = new Map<string, string>();
  const subIds: string[] = [];
  for (const group of plan.groups) {
    let orderId = topId;
    if (plan.combined) {
      orderId = deps.ids.prefixed(ORDER_ID_PREFIX);
      subIds.push(orderId);
      orders.push(base(orderId, byId.get(group.lines[0]!.id)!.product.service, group.official, group.amount, topId, false, subIds.length));
    }
    group.lines.forEach((pl, i) => {
      const id = lineIdOf(orderId, i + 1);
      lineIds.set(pl.id, id);
      lines.push(lineRow(id, orderId, i + 1, pl, byId.get(pl.id)!, pl.parentId ? lineIds.get(pl.parentId)! : null));
    });
  }
  const discounts: Insertable<OrderDiscountLinesTable>[] = plan.options.flatMap((o) =>
    [...o.lines.entries()].map(([lineKey, a]) => ({
      line_item_id: lineIds.get(lineKey)!,
      discount_id: o.discountId,
      order_id: topId,
      discount_type: o.discountType,
      discount_name: o.name.slice(0, 128),
      ratio: o.ratio,
      amount: a.amount,
      applies: a.applies ? 1 : 0,
    })),
  );
  return { topId, subIds, orders, lines, discounts };
}

function lineRow(id: string, orderId: string, seq: number, pl: PlannedLine, req: PlaceOrderLine, parentLineId: string | null): Insertable<OrderLineItemsTable> {
  return {
    id,
    order_id: orderId,
    seq,
    line_key: req.id,
    parent_line_id: parentLineId,
    resource_id: null,
    is_main: req.parentId === null ? 1 : 0,
    service_type_code: req.product.service,
    resource_type_code: req.product.resource,
    spec_code: req.product.spec,
    region_code: req.product.region,
    product_id: pl.productId,
    resource_size: req.resourceSize,
    size_measure_id: req.sizeMeasureId,
    period_type: req.periodType,
    period_num: req.periodNum,
    subscription_num: req.subscriptionNum,
    official_amount: pl.official,
    amount_after_discount: pl.amount,
    coupon_amount: 0n,
    resource_name: req.resourceName,
    project_id: req.projectId,
  };
}
