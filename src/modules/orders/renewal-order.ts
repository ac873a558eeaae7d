import type { Insertable, Transaction } from 'kysely';
import type { DB, OrderDiscountLinesTable, OrderLineItemsTable } from '../../platform/db/schema.ts';
import type { Ids } from '../../platform/ids.ts';
import { scheduleJob } from '../../platform/jobs/jobs.ts';
import { toExactText } from '../../platform/rational.ts';
import type { QuotePlan, RenewalSubject } from '../rating/index.ts';
import type { CouponPort } from './coupon-port.ts';
import { payDiscountType } from './discount-types.ts';
import { ORDER_JOBS } from './order-jobs.ts';
import { lockedOptionsOf } from './order-options.ts';
import { statusChanged } from './orders.errors.ts';
import { findDiscountLines, findOrder, insertDiscountLines, insertLines, insertOrders } from './orders.repo.ts';
import { balancesOf, loadOrder } from './pay-order.ts';
import { fenOf } from './plan-order.ts';
import { autoPayOption, chooseBasis, planPayment } from './plan-payment.ts';
import { lineIdOf, ORDER_ID_PREFIX } from './place-order.ts';
import { updateResource, type ResourceRow } from './resources.repo.ts';
import { settlePayment } from './settle-payment.ts';
import { addDays, PAYMENT_WINDOW_DAYS } from './subscription-calendar.ts';

/** What renewal pricing needs to know about a live resource and its children (the port rating reads). */
export function renewalSubjectOf(main: ResourceRow, children: readonly ResourceRow[]): RenewalSubject {
  const subject = (r: ResourceRow): RenewalSubject => ({
    resourceId: r.id,
    product: { service: r.serviceTypeCode, resource: r.resourceTypeCode, spec: r.specCode, region: r.regionCode },
    resourceSize: r.resourceSize,
    sizeMeasureId: r.sizeMeasureId,
    subscriptionNum: 1,
    children: [],
  });
  return { ...subject(main), children: children.map(subject) };
}

export interface RenewalOrderInput {
  customerId: string;
  main: ResourceRow;
  children: readonly ResourceRow[];
  /** The renewal quote (places 2) that priced these resources, possibly with others. */
  plan: QuotePlan;
  periodType: 2 | 3;
  periodNum: number;
  now: Date;
  /** 1 the customer, 8 created by the platform (auto-renewal). */
  sourceType: 1 | 8;
  userName: string;
  naturalKey: string | null;
  /** Whether the unpaid order holds the resources (manual renewals), so nothing else changes them meanwhile. */
  hold: boolean;
}

/**
 * Creates a pending renewal order (type 2) for a main resource and its children, priced by the
 * quote, every discount locked in, the best offer pre-selected; it lapses after 7 days.
 */
export async function createRenewalOrder(trx: Transaction<DB>, ids: Ids, input: RenewalOrderInput): Promise<string> {
  const at = input.now.toISOString();
  const orderId = ids.prefixed(ORDER_ID_PREFIX);
  const resources = [input.main, ...input.children];
  const officialOf = new Map(input.plan.lines.map((l) => [l.id, fenOf(l.official)]));
  const best = input.plan.best;
  const amountOf = (id: string) => (best ? fenOf(best.lines.find((l) => l.id === id)!.amount) : officialOf.get(id)!);
  const lines: Insertable<OrderLineItemsTable>[] = resources.map((r, i) => ({
    id: lineIdOf(orderId, i + 1),
    order_id: orderId,
    seq: i + 1,
    line_key: r.id,
    parent_line_id: i === 0 ? null : lineIdOf(orderId, 1),
    resource_id: r.id,
    is_main: i === 0 ? 1 : 0,
    service_type_code: r.serviceTypeCode,
    resource_type_code: r.resourceTypeCode,
    spec_code: r.specCode,
    region_code: r.regionCode,
    product_id: r.productId,
    resource_size: r.resourceSize,
    size_measure_id: r.sizeMeasureId,
    period_type: input.periodType,
    period_num: input.periodNum,
    subscription_num: 1,
    official_amount: officialOf.get(r.id)!,
    amount_after_discount: amountOf(r.id),
    coupon_amount: 0n,
    resource_name: r.resourceName,
    project_id: r.projectId,
  }));
  const lineOf = new Map(resources.map((r, i) => [r.id, lines[i]!.id]));
  const discounts: Insertable<OrderDiscountLinesTable>[] = input.plan.options
    .filter((o) => o.lines.some((l) => l.applies && lineOf.has(l.id)))
    .flatMap((o) =>
      o.lines
        .filter((l) => lineOf.has(l.id))
        .map((l) => ({
          line_item_id: lineOf.get(l.id)!,
          discount_id: o.grant.id,
          order_id: orderId,
          discount_type: o.grant.type,
          discount_name: o.grant.name.slice(0, 128),
          ratio: toExactText(o.grant.ratio) ?? '0',
          amount: fenOf(l.amount),
          applies: l.applies ? 1 : 0,
        })),
    );
  const deadline = addDays(input.now, PAYMENT_WINDOW_DAYS);
  const sum = (k: 'official_amount' | 'amount_after_discount') => lines.reduce((a, l) => a + BigInt(l[k] as bigint), 0n);
  const usesBest = best !== null && discounts.some((d) => d.discount_id === best.grant.id);
  await insertOrders(trx, [
    {
      id: orderId,
      customer_id: input.customerId,
      parent_id: null,
      is_combined: 0,
      order_type: 2,
      source_type: input.sourceType,
      status: 6,
      service_type_code: input.main.serviceTypeCode,
      official_amount: sum('official_amount'),
      amount_after_discount: sum('amount_after_discount'),
      discount_id: usesBest ? best.grant.id : null,
      discount_type: usesBest ? best.grant.type : null,
      coupon_amount: 0n,
      cash_amount: 0n,
      credit_amount: 0n,
      period_type: input.periodType,
      period_num: input.periodNum,
      user_name: input.userName,
      natural_key: input.naturalKey,
      created_at: at,
      pending_payment_end_time: deadline.toISOString(),
      updated_at: at,
    },
  ]);
  await insertLines(trx, lines);
  await insertDiscountLines(trx, discounts);
  await scheduleJob(trx, input.now, { kind: ORDER_JOBS.lapse, key: orderId, runAt: deadline, payload: { orderId } });
  if (input.hold) {
    for (const r of resources) if (!(await updateResource(trx, r, { pending_order_id: orderId }, at))) throw statusChanged(orderId);
  }
  return orderId;
}

/**
 * Pays an order without the customer choosing: a business discount first, else the partner's (the
 * documented auto-pay rule), no coupons, cash before credit. Returns false, having changed
 * nothing, when the balances cannot cover it.
 */
export async function payAutomatically(trx: Transaction<DB>, ids: Ids, coupons: CouponPort, orderId: string, now: Date, auto: boolean, initiatorId: string): Promise<boolean> {
  const top = await findOrder(trx, orderId);
  if (!top || top.status !== 6) throw statusChanged(orderId);
  const order = await loadOrder(trx, top);
  const payLines = order.lines.map((l) => ({ id: l.id, official: l.official }));
  const option = autoPayOption(lockedOptionsOf(await findDiscountLines(trx, orderId)));
  const basis = chooseBasis(payLines, option ? [option] : [], option ? { id: option.discountId, type: payDiscountType(option.discountType) } : null);
  const plan = planPayment(payLines, basis, new Map(), await balancesOf(trx, top.customerId));
  if (!plan.ok) return false;
  await settlePayment({ trx, ids, coupons, now, top, subs: order.subs, lines: order.lines, plan, basis, held: [], initiatorId, auto });
  return true;
}
