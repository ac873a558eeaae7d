import { iso } from '../../platform/deps.ts';
import { cmp, div, mul, parseDecimal, rat, ZERO } from '../../platform/rational.ts';
import { onDemandAmount } from '../rating/index.ts';
import { chargeUsage } from './charge-usage.ts';
import { percentile95, POINTS_PER_DAY } from './percentile.ts';
import { rateAllDue } from './rate-usage.ts';
import { groupRecords, PricingLookups, resolveGroups, settleGroups, type PricedGroup, type RatingDeps } from './rating-core.ts';
import { cycleBounds } from './usage-calendar.ts';
import { makeupBillRow } from './usage-bill-rows.ts';
import { addCycleSums, cycleTotals, insertBillRecords, type UsageRecordRow } from './usage.repo.ts';

/** Resources whose 95th percentile is rated per transaction. */
const P95_GROUPS_PER_PASS = 200;

export interface CloseResult {
  hourlyRecords: number;
  p95Lines: number;
  makeups: number;
}

/**
 * Closes a UTC+8 month once its records can no longer arrive: rates what is left of its hours,
 * rates the month's 95th-percentile bandwidth per resource (5-minute points; the billed value ×
 * the monthly price × reported days / days of the month), and charges each customer the sum of
 * its lines' sub-fen rests (bill type 25), so that the month's on-demand consumption is its exact
 * consumption truncated once. Each step is idempotent: a rerun finds nothing left to do.
 */
export async function closeUsageMonth(deps: RatingDeps, cycle: string): Promise<CloseResult> {
  const hourly = await rateAllDue(deps);
  let p95Lines = 0;
  for (;;) {
    const n = await rateP95Pass(deps, cycle);
    p95Lines += n;
    if (n === 0) break;
  }
  const makeups = await chargeMakeups(deps, cycle);
  return { hourlyRecords: hourly.records, p95Lines, makeups };
}

async function rateP95Pass(deps: RatingDeps, cycle: string): Promise<number> {
  const at = iso(deps.clock.now());
  const { start, end, days } = cycleBounds(cycle);
  return deps.db.kysely.transaction().execute(async (trx) => {
    const keys = await trx
      .selectFrom('usage_records')
      .select(['customer_id', 'resource_id', 'usage_type'])
      .distinct()
      .where('status', '=', 2)
      .where('bill_cycle', '=', cycle)
      .orderBy('customer_id')
      .orderBy('resource_id')
      .orderBy('usage_type')
      .limit(P95_GROUPS_PER_PASS)
      .execute();
    if (keys.length === 0) return 0;
    const wanted = new Set(keys.map((k) => `${k.customer_id}\u001f${k.resource_id}\u001f${k.usage_type}`));
    const records: UsageRecordRow[] = (
      await trx.selectFrom('usage_records').selectAll().where('status', '=', 2).where('bill_cycle', '=', cycle).where('customer_id', 'in', [...new Set(keys.map((k) => k.customer_id))]).execute()
    ).filter((r) => wanted.has(`${r.customer_id}\u001f${r.resource_id}\u001f${r.usage_type}`));
    const lookups = new PricingLookups(deps, trx);
    // Priced at the month's start: one line per resource and month.
    const groups = groupRecords(records, () => ({ start: iso(start), end: iso(end) }));
    const { resolved, unrateable } = await resolveGroups(lookups, groups);
    const priced: PricedGroup[] = resolved.map(({ group, rule }) => {
      const points = group.records.map((r) => ({ at: new Date(r.begin_time), value: mul(parseDecimal(r.usage_value)!, rule.factor) }));
      const { value, slots } = percentile95(points);
      const monthly = cmp(value, ZERO) > 0 ? onDemandAmount(rule.rule, value, rule.size, 1) : ZERO;
      // Reported days / days of the month: a resource reported for half the month pays half.
      const official = div(mul(monthly, rat(slots)), rat(POINTS_PER_DAY * days));
      return { ...group, rule, usage: value, free: ZERO, official };
    });
    const r = await settleGroups(trx, lookups, priced, unrateable, { kind: 'p95', batchId: deps.ids.prefixed('UP'), at, from: 2 });
    return r.lines + unrateable.length;
  });
}

/** Bill type 25: per customer, floor(exact consumption) − what its lines charged, once per month. */
async function chargeMakeups(deps: RatingDeps, cycle: string): Promise<number> {
  const at = iso(deps.clock.now());
  return deps.db.kysely.transaction().execute(async (trx) => {
    const due = (await cycleTotals(trx, cycle)).map((t) => ({ ...t, rest: t.consumeE8 / 1_000_000n - t.consume })).filter((t) => t.rest > 0n);
    if (due.length === 0) return 0;
    const charged = await chargeUsage(trx, due.map((t) => ({ customerId: t.customerId, ref: `MAKEUP:${t.customerId}:${cycle}`, tradeId: `MAKEUP:${t.customerId}:${cycle}`, amounts: [t.rest] })), at);
    const rows = due.map((t) => {
      const s = charged.get(t.customerId)!.splits[0]!;
      return makeupBillRow({ id: deps.ids.prefixed('BR'), customerId: t.customerId, partnerId: t.partnerId || null, cycle, serviceTypeCode: t.serviceTypeCode, resourceTypeCode: t.resourceTypeCode, regionCode: t.regionCode, cash: s.cash, credit: s.credit, debt: s.debt, at });
    });
    await insertBillRecords(trx, rows);
    await addCycleSums(
      trx,
      rows.map((b) => ({ customerId: b.customer_id, cycle, partnerId: b.partner_id ?? '', serviceTypeCode: b.service_type_code, resourceTypeCode: b.resource_type_code, regionCode: b.region_code, official: BigInt(b.official_amount), discount: 0n, consume: BigInt(b.consume_amount), cash: BigInt(b.cash_amount!), credit: BigInt(b.credit_amount!), debt: BigInt(b.debt_amount!), consumeE8: 0n, count: 1 })),
      at,
    );
    return rows.length;
  });
}
