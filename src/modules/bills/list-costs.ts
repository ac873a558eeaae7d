import type { CostDataByDimension, ListCostsReq, ListCostsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { formatAmountText, type Fen } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { amortize, isAmortized } from './amortize.ts';
import { addCycles, checkLookBack, cyclesBetween, dayStart, nextDay, parseCycle, parseDay } from './bill-calendar.ts';
import { CURRENCY } from './bill-views.ts';
import { invalidParameter } from './bills.errors.ts';
import { listBills, type BillRow } from './bills.repo.ts';
import type { BillAmounts } from './bill-amounts.ts';

/** The dimensions a cost may be grouped or filtered by, and each record's value for them. */
const DIMENSIONS: Record<string, (r: BillRow) => string> = {
  CLOUD_SERVICE_TYPE: (r) => r.serviceTypeCode,
  RESOURCE_TYPE: (r) => r.resourceTypeCode,
  REGION_CODE: (r) => r.regionCode,
  CHARGING_MODE: (r) => String(r.chargeMode),
  BILL_TYPE: (r) => String(r.billType),
  RESOURCE_ID: (r) => r.resourceId ?? '',
  RES_SPEC_CODE: (r) => r.specCode,
  ENTERPRISE_PROJECT_ID: () => '0',
  ASSOCIATED_ACCOUNT: (r) => r.customerId,
  PAYER_ACCOUNT_ID: (r) => r.customerId,
  // Not kept here: every record has the empty value.
  AZ_CODE: () => '',
  BE_ID: () => '',
  USAGE_TYPE: () => '',
  RESOURCE_TAG: () => '',
  COST_UNIT: () => '',
};

/** At most this many days or months in one query, so one request reads a bounded amount. */
const MAX_DAYS = 366;
const MAX_MONTHS = 18;

interface Bucketed {
  row: BillRow;
  /** Day or month → amounts. */
  parts: Array<{ key: string; amounts: BillAmounts }>;
}

/**
 * Cost analysis (list_costs, v4) of the customer's own records: for each combination of the
 * groupby dimensions, the cost per day (time_measure_id 1) or month (2) of the range. ORIGINAL_COST
 * counts a record on its bill day; AMORTIZED_COST spreads prepaid records over the days they paid
 * for. PAYMENT_AMOUNT is the amount payable (consume); NET_AMOUNT leaves out what coupons,
 * cash coupons and stored-value cards paid. Groups by total cost, largest first; only periods
 * with a cost are listed. limit 1..1000.
 */
export async function listCosts(deps: Pick<Deps, 'db' | 'clock'>, caller: Caller, body: ListCostsReq): Promise<ListCostsResponse> {
  const page = pageOf(body, 1000);
  const unit = body.time_condition.time_measure_id === 2 ? 'month' : body.time_condition.time_measure_id === 1 ? 'day' : null;
  if (!unit) throw invalidParameter('time_condition.time_measure_id must be 1 (day) or 2 (month)');
  const range = unit === 'day' ? dayRange(body.time_condition.begin_time, body.time_condition.end_time) : monthRange(body.time_condition.begin_time, body.time_condition.end_time);
  checkLookBack(range.cycles[0]!, deps.clock.now(), 18, 'time_condition.begin_time');
  if (body.cost_type !== 'ORIGINAL_COST' && body.cost_type !== 'AMORTIZED_COST') throw invalidParameter('cost_type must be ORIGINAL_COST or AMORTIZED_COST');
  if (body.amount_type !== 'PAYMENT_AMOUNT' && body.amount_type !== 'NET_AMOUNT') throw invalidParameter('amount_type must be PAYMENT_AMOUNT or NET_AMOUNT');
  if (body.groupby.length > 2) throw invalidParameter('groupby takes at most 2 dimensions');
  const groupKeys = body.groupby.map((g) => {
    if (g.type === 'tag') return 'RESOURCE_TAG';
    if (g.type === 'cost_unit') return 'COST_UNIT';
    if (g.type !== 'dimension' || !(g.key in DIMENSIONS)) throw invalidParameter(`groupby: unknown dimension ${g.type}/${g.key}`);
    return g.key;
  });
  const filters = (body.filters ?? []).map((f) => {
    if (f.operator !== 0 && f.operator !== 1) throw invalidParameter('filters.operator must be 0 (only) or 1 (except)');
    if (!(f.filter_factor.key in DIMENSIONS)) throw invalidParameter(`filters: unknown key ${f.filter_factor.key}`);
    return { of: DIMENSIONS[f.filter_factor.key]!, values: new Set(f.filter_factor.value), only: f.operator === 0 };
  });

  const amortized = body.cost_type === 'AMORTIZED_COST';
  const rows = await listBills(deps.db.kysely, {
    customerIds: [caller.accountId],
    ...(amortized ? { amortizedInto: { from: range.from, to: range.to, cycles: range.cycles } } : { cycles: range.cycles }),
  });
  const inRange = (key: string) => key >= range.first && key <= range.last;
  const bucketed: Bucketed[] = rows
    .filter((r) => filters.every((f) => f.values.has(f.of(r)) === f.only))
    .map((r) => ({ row: r, parts: partsOf(r, amortized, unit).filter((p) => inRange(p.key)) }))
    .filter((b) => b.parts.length > 0);

  const net = body.amount_type === 'NET_AMOUNT';
  const amountOf = (a: BillAmounts): Fen => (net ? a.consume - a.coupon - a.flexipurchaseCoupon - a.storedCard : a.consume);
  const groups = new Map<string, { dims: string[]; byTime: Map<string, { amount: Fen; official: Fen }> }>();
  for (const b of bucketed) {
    const dims = groupKeys.map((k) => DIMENSIONS[k]!(b.row));
    const id = JSON.stringify(dims);
    const g = groups.get(id) ?? { dims, byTime: new Map() };
    groups.set(id, g);
    for (const p of b.parts) {
      const t = g.byTime.get(p.key) ?? { amount: 0n, official: 0n };
      t.amount += amountOf(p.amounts);
      t.official += p.amounts.official;
      g.byTime.set(p.key, t);
    }
  }
  const data = [...groups.values()].map((g) => {
    const times = [...g.byTime.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const amount = times.reduce((s, [, t]) => s + t.amount, 0n);
    const official = times.reduce((s, [, t]) => s + t.official, 0n);
    return { g, times, amount, official };
  });
  data.sort((a, b) => (a.amount === b.amount ? (JSON.stringify(a.g.dims) < JSON.stringify(b.g.dims) ? -1 : 1) : a.amount > b.amount ? -1 : 1));
  const measure = unit === 'day' ? 1 : 2;
  return {
    currency: CURRENCY,
    total_count: data.length,
    cost_data: data.slice(page.offset, page.offset + page.limit).map(
      (d): CostDataByDimension => ({
        dimensions: groupKeys.map((key, i) => ({ key, value: d.g.dims[i]! })),
        costs: d.times.map(([key, t]) => ({ time_dimension_value: key, time_measure_id: measure, amount: formatAmountText(t.amount), official_amount: formatAmountText(t.official) })),
        amount_by_costs: formatAmountText(d.amount),
        official_amount_by_costs: formatAmountText(d.official),
      }),
    ),
  };
}

/** A record's cost per day or month: where it was billed, or spread over its paid time. */
function partsOf(r: BillRow, amortized: boolean, unit: 'day' | 'month'): Array<{ key: string; amounts: BillAmounts }> {
  if (amortized && isAmortized(r)) {
    const days = amortize(r.amounts, Date.parse(r.effectiveTime!), Date.parse(r.expireTime!), 'day');
    if (unit === 'day') return days;
    const months = new Map<string, BillAmounts>();
    for (const d of days) {
      const m = d.key.slice(0, 7);
      const into = months.get(m);
      if (!into) months.set(m, { ...d.amounts });
      else for (const k of Object.keys(d.amounts) as Array<keyof BillAmounts>) into[k] += d.amounts[k];
    }
    return [...months.entries()].map(([key, amounts]) => ({ key, amounts }));
  }
  return [{ key: unit === 'day' ? r.billDate : r.billCycle, amounts: r.amounts }];
}

function dayRange(begin: string, end: string) {
  const first = parseDay(begin, 'time_condition.begin_time');
  const last = parseDay(end, 'time_condition.end_time');
  if (first > last) throw invalidParameter('time_condition.begin_time must not be after end_time');
  const days = (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
  if (days > MAX_DAYS) throw invalidParameter(`time_condition may span at most ${MAX_DAYS} days`);
  const cycles = [first.slice(0, 7)];
  while (cycles[cycles.length - 1]! < last.slice(0, 7)) cycles.push(addCycles(cycles[cycles.length - 1]!, 1));
  return { first, last, from: dayStart(first).toISOString(), to: dayStart(nextDay(last)).toISOString(), cycles };
}

function monthRange(begin: string, end: string) {
  const first = parseCycle(begin, 'time_condition.begin_time');
  const last = parseCycle(end, 'time_condition.end_time');
  if (first > last) throw invalidParameter('time_condition.begin_time must not be after end_time');
  if (cyclesBetween(first, last) + 1 > MAX_MONTHS) throw invalidParameter(`time_condition may span at most ${MAX_MONTHS} months`);
  const cycles = [first];
  while (cycles[cycles.length - 1]! < last) cycles.push(addCycles(cycles[cycles.length - 1]!, 1));
  return { first, last, from: dayStart(`${first}-01`).toISOString(), to: dayStart(`${addCycles(last, 1)}-01`).toISOString(), cycles };
}
