import type { Insertable, Transaction } from 'kysely';
import type { BillRecordsTable, DB, SubscriptionPeriodsTable, SubscriptionResourcesTable } from '../../platform/db/schema.ts';
import type { Ids } from '../../platform/ids.ts';
import { billRow, type BillType } from './bill-rows.ts';
import { scheduleAutoRenew, scheduleExpiry } from './lifecycle-jobs.ts';
import { expiredOrMissing, statusChanged } from './orders.errors.ts';
import { updateLine, type LineRow, type OrderRow } from './orders.repo.ts';
import { fill, splitEven, type PaidLine } from './plan-payment.ts';
import { insertBillRecords } from './records.repo.ts';
import { findResource, insertPeriods, insertResources, updateResource, type ResourceRow } from './resources.repo.ts';
import { addPeriod, type PeriodUnit } from './subscription-calendar.ts';

/**
 * What a payment makes happen, in the payment's transaction: a new purchase creates its resources
 * (a main resource and its children), each with its paid period and a bill record; a renewal moves
 * the resources' expiry on by the period bought. Either schedules the next moments of the main
 * resources (expiry, and the auto-renewal charge when it is on).
 */
export interface PaidOrders {
  trx: Transaction<DB>;
  ids: Ids;
  now: Date;
  customerId: string;
  partnerId: string | null;
  /** The orders whose lines were paid: the sub-orders of a combined order, or the order itself. */
  orders: readonly OrderRow[];
  lines: readonly LineRow[];
  paid: ReadonlyMap<string, PaidLine>;
  discountType: number | null;
  billType: BillType;
}

/** Resource ids look like the services' own (a server id is a UUID). */
export const resourceIdOf = (hex32: string) => `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20, 32)}`;

export const ACTIVE_PHASES = ['active', 'grace', 'retention'] as const;
export const isLive = (r: Pick<ResourceRow, 'phase'>) => (ACTIVE_PHASES as readonly string[]).includes(r.phase);

export async function provisionNewPurchase(p: PaidOrders): Promise<void> {
  const at = p.now.toISOString();
  const resourcesOfLine = new Map<string, string[]>();
  const resources: Insertable<SubscriptionResourcesTable>[] = [];
  const periods: Insertable<SubscriptionPeriodsTable>[] = [];
  const bills: Insertable<BillRecordsTable>[] = [];
  const mains: Array<{ id: string; expire: string }> = [];
  for (const line of p.lines) {
    const paid = p.paid.get(line.id)!;
    const n = line.subscriptionNum;
    const officials = splitEven(paid.official, n);
    const amounts = splitEven(paid.amount, n);
    const sources = fill(amounts, [paid.coupon, paid.cash, paid.credit]);
    const expire = addPeriod(p.now, line.periodType as PeriodUnit, line.periodNum!).toISOString();
    const parentId = line.parentLineId ? resourcesOfLine.get(line.parentLineId)![0]! : null;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = resourceIdOf(p.ids.hex32());
      ids.push(id);
      const name = line.resourceName ? (n > 1 ? `${line.resourceName}-${i + 1}` : line.resourceName) : `${line.resourceTypeCode.split('.').pop()}-${id.slice(0, 8)}`;
      resources.push({
        id,
        customer_id: p.customerId,
        order_id: line.orderId,
        line_item_id: line.id,
        parent_id: parentId,
        is_main: parentId === null ? 1 : 0,
        service_type_code: line.serviceTypeCode,
        resource_type_code: line.resourceTypeCode,
        spec_code: line.specCode,
        region_code: line.regionCode,
        product_id: line.productId,
        resource_size: line.resourceSize,
        size_measure_id: line.sizeMeasureId,
        resource_name: name,
        project_id: line.projectId,
        phase: 'active',
        effective_time: at,
        expire_time: expire,
        period_type: line.periodType!,
        auto_renew: 0,
        auto_renew_times: 0,
        auto_renewed: 0,
        auto_renew_period_type: null,
        to_on_demand: 0,
        pending_order_id: null,
        version: 0,
        created_at: at,
        updated_at: at,
        closed_at: null,
      });
      const [coupon, cash, credit] = sources[i]!;
      periods.push(periodRow(p, id, line, at, expire, { official: officials[i]!, amount: amounts[i]!, cash: cash!, credit: credit!, coupon: coupon! }));
      bills.push(billOf(p, line, { ...line, id, parentId }, at, expire, { official: officials[i]!, cash: cash!, credit: credit!, coupon: coupon! }));
      if (parentId === null) mains.push({ id, expire });
    }
    resourcesOfLine.set(line.id, ids);
    await updateLine(p.trx, line.id, { amount_after_discount: paid.amount, coupon_amount: paid.coupon, resource_id: n === 1 ? ids[0]! : null, effective_time: at, expire_time: expire });
  }
  await insertResources(p.trx, resources);
  await insertPeriods(p.trx, periods);
  await insertBillRecords(p.trx, bills);
  for (const m of mains) await scheduleExpiry(p.trx, p.now, m.id, m.expire);
}

/**
 * A renewal: each order renews one main resource and its children by its period, from their
 * current expiry (even in the grace or retention period: the time after expiry is not given
 * back). `auto` marks an auto-renewal (bill type 8), which counts against auto_renew_times.
 */
export async function applyRenewal(p: PaidOrders, auto: boolean): Promise<void> {
  const at = p.now.toISOString();
  const periods: Insertable<SubscriptionPeriodsTable>[] = [];
  const bills: Insertable<BillRecordsTable>[] = [];
  for (const order of p.orders) {
    const lines = p.lines.filter((l) => l.orderId === order.id);
    const mainLine = lines.find((l) => l.isMain)!;
    const main = await liveResource(p.trx, mainLine.resourceId!, order.id);
    const newExpire = addPeriod(new Date(main.expireTime), order.periodType as PeriodUnit, order.periodNum!).toISOString();
    for (const line of lines) {
      const r = line.isMain ? main : await liveResource(p.trx, line.resourceId!, order.id);
      const paid = p.paid.get(line.id)!;
      const counted = line.isMain && auto ? r.autoRenewed + 1 : r.autoRenewed;
      const stillAuto = r.autoRenew && !(auto && r.autoRenewTimes > 0 && counted >= r.autoRenewTimes);
      const ok = await updateResource(
        p.trx,
        r,
        { expire_time: newExpire, phase: 'active', pending_order_id: null, period_type: order.periodType!, auto_renewed: counted, auto_renew: stillAuto ? 1 : 0 },
        at,
      );
      if (!ok) throw statusChanged(order.id);
      periods.push(periodRow(p, r.id, line, r.expireTime, newExpire, paid));
      bills.push(billOf(p, line, r, r.expireTime, newExpire, paid));
      await updateLine(p.trx, line.id, { amount_after_discount: paid.amount, coupon_amount: paid.coupon, effective_time: r.expireTime, expire_time: newExpire });
      if (line.isMain) {
        await scheduleExpiry(p.trx, p.now, r.id, newExpire);
        if (stillAuto) await scheduleAutoRenew(p.trx, p.now, p.customerId, r.id, newExpire, r.version + 1);
      }
    }
  }
  await insertPeriods(p.trx, periods);
  await insertBillRecords(p.trx, bills);
}

async function liveResource(trx: Transaction<DB>, id: string, orderId: string): Promise<ResourceRow> {
  const r = await findResource(trx, id);
  if (!r || !isLive(r)) throw expiredOrMissing(id);
  if (r.pendingOrderId !== null && r.pendingOrderId !== orderId) throw statusChanged(orderId);
  return r;
}

interface Money {
  official: bigint;
  cash: bigint;
  credit: bigint;
  coupon: bigint;
}

function periodRow(p: PaidOrders, resourceId: string, line: LineRow, from: string, to: string, m: Money & { amount: bigint }): Insertable<SubscriptionPeriodsTable> {
  return {
    id: p.ids.prefixed('SP'),
    resource_id: resourceId,
    order_id: line.orderId,
    line_item_id: line.id,
    starts_at: from,
    ends_at: to,
    official_amount: m.official,
    amount: m.amount,
    paid_cash: m.cash,
    paid_credit: m.credit,
    paid_coupon: m.coupon,
    refunded_cash: 0n,
    refunded_credit: 0n,
    refunded_coupon: 0n,
    refund_order_id: null,
    created_at: p.now.toISOString(),
  };
}

type BillResourceOf = Pick<ResourceRow, 'id' | 'parentId' | 'serviceTypeCode' | 'resourceTypeCode' | 'regionCode' | 'specCode' | 'productId' | 'resourceSize' | 'sizeMeasureId'>;

function billOf(p: PaidOrders, line: LineRow, r: BillResourceOf, from: string, to: string, m: Money) {
  return billRow(p.ids.prefixed('BR'), {
    billType: p.billType,
    customerId: p.customerId,
    partnerId: p.partnerId,
    orderId: line.orderId,
    lineItemId: line.id,
    resource: r,
    periodType: line.periodType,
    periodNum: line.periodNum,
    effectiveTime: from,
    expireTime: to,
    official: m.official,
    cash: m.cash,
    credit: m.credit,
    coupon: m.coupon,
    discountType: m.official > m.cash + m.credit + m.coupon ? p.discountType : null,
    at: p.now,
  });
}
