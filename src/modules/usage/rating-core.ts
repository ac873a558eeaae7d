import type { Insertable, Transaction } from 'kysely';
import type { DB, UsageRatedLinesTable } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { add, parseDecimal, rat, truncateUnits, ZERO, mul, type Rational } from '../../platform/rational.ts';
import { conversionFactor, findOffers, loadUnitTable, productIdOf, productKeyText, type Offer, type ProductKey, type UnitTable } from '../catalog/index.ts';
import { loadPricingContext, planQuote, preferredPerLine, type PlanLine, type PricingContext } from '../rating/index.ts';
import { chargeUsage } from './charge-usage.ts';
import { cycleAndDay } from './usage-calendar.ts';
import { resolveRule, type ResolvedRule } from './usage-pricing.ts';
import { addCycleSums, insertRatedLinesAndBills, markRated, markUnrateable, type CycleSumDelta, type RatingRecordRow } from './usage.repo.ts';

/** The rating scale: amounts are exact to 10^-8 yuan (brief §3.1), then truncated to fen. */
export const RATING_PLACES = 8;
const E8_PER_FEN = 1_000_000n;

export type RatingDeps = Pick<Deps, 'db' | 'clock' | 'ids'>;

/** What rating reads of a usage record (a claim selects these columns only). */
export type RatingRecord = RatingRecordRow;

/** Records of one customer, resource, usage type and product, for one hour (or one month, p95). */
export interface RecordGroup<R extends RatingRecord = RatingRecord> {
  records: R[];
  /** The instant prices and discounts are taken at: the start of the period rated. */
  at: string;
  periodStart: string;
  periodEnd: string;
}

export interface PricedGroup extends RecordGroup {
  rule: Extract<ResolvedRule, { ok: true }>;
  /** Usage in the price's unit, and the part free packages covered. */
  usage: Rational;
  free: Rational;
  /** The exact official price of what is charged. */
  official: Rational;
}

const productOf = (r: RatingRecord): ProductKey => ({ service: r.service_type_code, resource: r.resource_type_code, spec: r.spec_code, region: r.region_code });

/** Groups records by what one line rates; groups come in the order of their first record. */
export function groupRecords<R extends RatingRecord>(records: readonly R[], periodOf: (r: R) => { start: string; end: string }): RecordGroup<R>[] {
  const groups = new Map<string, RecordGroup<R>>();
  let sorted = true;
  for (let i = 1; i < records.length && sorted; i++) sorted = Number(records[i - 1]!.id) < Number(records[i]!.id);
  for (const r of sorted ? records : [...records].sort((a, b) => Number(a.id) - Number(b.id))) {
    const period = periodOf(r);
    const key = `${r.customer_id}\u001f${r.resource_id}\u001f${r.usage_type.toLowerCase()}\u001f${period.start}\u001f${r.service_type_code}|${r.resource_type_code}|${r.spec_code}|${r.region_code}\u001f${r.resource_size ?? ''}\u001f${r.size_measure_id ?? ''}`;
    const g = groups.get(key);
    if (g) g.records.push(r);
    else groups.set(key, { records: [r], at: period.start, periodStart: period.start, periodEnd: period.end });
  }
  return [...groups.values()];
}

const USAGE_SCALE = 12;
const USAGE_UNIT = 10n ** BigInt(USAGE_SCALE);
/** A stored usage value (canonical decimal text, at most 12 decimals) in 10^-12 units; null when it is not one. */
function usageUnits(text: string): bigint | null {
  const dot = text.indexOf('.');
  if (dot < 0) return /^\d{1,18}$/.test(text) ? BigInt(text) * USAGE_UNIT : null;
  const frac = text.slice(dot + 1);
  if (frac.length > USAGE_SCALE || !/^\d{1,18}\.\d+$/.test(text)) return null;
  return BigInt(text.slice(0, dot) + frac.padEnd(USAGE_SCALE, '0'));
}

/** Looks up offers (per instant), units and pricing contexts once per rating pass, inside its transaction. */
export class PricingLookups {
  readonly #deps: Pick<Deps, 'db'>;
  readonly #offers = new Map<string, Map<string, Offer | null>>();
  readonly #contexts = new Map<string, PricingContext>();
  #units: UnitTable | null = null;

  constructor(deps: Pick<Deps, 'db'>, trx: Transaction<DB>) {
    this.#deps = { db: { ...deps.db, kysely: trx } };
  }

  async units(): Promise<UnitTable> {
    return (this.#units ??= await loadUnitTable(this.#deps));
  }

  async offersAt(at: string, keys: readonly ProductKey[]): Promise<Map<string, Offer | null>> {
    let known = this.#offers.get(at);
    if (!known) this.#offers.set(at, (known = new Map()));
    // Each product once (groups of one product come many times).
    const missing = [...new Map(keys.map((k) => [productKeyText(k), k])).entries()].filter(([text]) => !known.has(text)).map(([, k]) => k);
    if (missing.length) {
      const found = await findOffers(this.#deps, missing, at);
      for (const k of missing) known.set(productKeyText(k), found.get(productKeyText(k)) ?? null);
    }
    return known;
  }

  async context(customerId: string, at: string): Promise<PricingContext> {
    const key = `${customerId}|${at}`;
    let c = this.#contexts.get(key);
    if (!c) this.#contexts.set(key, (c = await loadPricingContext(this.#deps, customerId, at)));
    return c;
  }
}

/** Resolves each group's price rule; groups whose product cannot be rated any more are set apart. */
export async function resolveGroups<R extends RatingRecord>(
  lookups: PricingLookups,
  groups: readonly RecordGroup<R>[],
): Promise<{ resolved: Array<{ group: RecordGroup<R>; rule: Extract<ResolvedRule, { ok: true }>; usage: Rational }>; unrateable: Array<{ ids: number[]; reason: string }> }> {
  const units = await lookups.units();
  const byAt = new Map<string, ProductKey[]>();
  for (const g of groups) {
    const list = byAt.get(g.at) ?? [];
    list.push(productOf(g.records[0]!));
    byAt.set(g.at, list);
  }
  const offers = new Map<string, Map<string, Offer | null>>();
  for (const [at, keys] of byAt) offers.set(at, await lookups.offersAt(at, keys));
  const resolved: Array<{ group: RecordGroup<R>; rule: Extract<ResolvedRule, { ok: true }>; usage: Rational }> = [];
  const unrateable: Array<{ ids: number[]; reason: string }> = [];
  // Groups of one offer, usage type, unit and size resolve alike.
  const rules = new Map<Offer | null, Map<string, ResolvedRule>>();
  for (const g of groups) {
    const first = g.records[0]!;
    const offer = offers.get(g.at)?.get(productKeyText(productOf(first))) ?? null;
    let byOffer = rules.get(offer);
    if (!byOffer) rules.set(offer, (byOffer = new Map()));
    const ruleKey = `${first.usage_type}|${first.usage_measure_id}|${first.resource_size ?? ''}|${first.size_measure_id ?? ''}`;
    let rule = byOffer.get(ruleKey);
    if (!rule) {
      rule = resolveRule(offer, { serviceTypeCode: first.service_type_code, resourceTypeCode: first.resource_type_code, specCode: first.spec_code, regionCode: first.region_code, usageType: first.usage_type, usageMeasureId: first.usage_measure_id, resourceSize: first.resource_size, sizeMeasureId: first.size_measure_id }, units);
      byOffer.set(ruleKey, rule);
    }
    if (!rule.ok) {
      unrateable.push({ ids: g.records.map((r) => Number(r.id)), reason: `${rule.code}: ${rule.message}` });
      continue;
    }
    const usage = groupUsage(g.records, rule, units);
    if (usage === null) unrateable.push({ ids: g.records.map((r) => Number(r.id)), reason: 'CBC.99006050: a record unit does not measure the usage type' });
    else resolved.push({ group: g, rule, usage });
  }
  return { resolved, unrateable };
}

/** The usage of a group's records in the price's unit, exact; null when a record's unit does not measure it. */
function groupUsage(records: readonly RatingRecord[], rule: Extract<ResolvedRule, { ok: true }>, units: UnitTable): Rational | null {
  const measureId = records[0]!.usage_measure_id;
  // The usual case: every record in the first record's unit, values summed as integers of 10^-12.
  let sum = 0n;
  for (const r of records) {
    const v = r.usage_measure_id === measureId ? usageUnits(r.usage_value) : null;
    if (v === null) return mixedUsage(records, rule, units);
    sum += v;
  }
  return mul(rat(sum, USAGE_UNIT), rule.factor);
}

function mixedUsage(records: readonly RatingRecord[], rule: Extract<ResolvedRule, { ok: true }>, units: UnitTable): Rational | null {
  const first = records[0]!;
  let usage = ZERO;
  for (const r of records) {
    // Records of one group may use different units of the same measure.
    const factor = r.usage_measure_id === first.usage_measure_id ? rule.factor : conversionFactor(units, r.usage_measure_id, rule.priceMeasureId);
    if (!factor) return null;
    usage = add(usage, mul(parseDecimal(r.usage_value)!, factor));
  }
  return usage;
}

export interface SettleOptions {
  kind: 'hourly' | 'p95';
  /** The pass's id: journal refs and trade ids derive from it. */
  batchId: string;
  at: string;
  /** Record status the claimed records must still have (0 new, 2 held). */
  from: 0 | 2;
  /** Free-resource deductions of each line (by index in `priced`), written with the lines. */
  onLines?: (lines: ReadonlyArray<Insertable<UsageRatedLinesTable>>) => Promise<void>;
  /** The caller has marked the records already (markGroups), earlier in the transaction. */
  marked?: boolean;
}

/**
 * Marks the records of the groups rated by their lines (line ids come from the first records, so
 * they are known before pricing) and the unrateable ones, only while they still have status
 * `from`; throws (so that the transaction rolls back) when another worker rated some meanwhile.
 */
export async function markGroups(trx: Transaction<DB>, from: 0 | 2, groups: ReadonlyArray<{ records: readonly RatingRecord[] }>, unrateable: ReadonlyArray<{ ids: number[]; reason: string }>): Promise<number> {
  const pairs = groups.flatMap((g) => {
    const line = ratedLineId(Number(g.records[0]!.id));
    return g.records.map((r) => [Number(r.id), line] as const);
  });
  const marked = await markRated(trx, from, pairs);
  if (marked !== pairs.length) throw new Error(`usage rating raced: ${pairs.length - marked} of ${pairs.length} records were rated meanwhile`);
  for (const u of unrateable) await markUnrateable(trx, u.ids, u.reason);
  return pairs.length;
}

/**
 * Prices the groups with the customer's discounts, charges them, and writes the lines, their
 * bill records, the cycle sums and the records' claim — all in the caller's transaction. Throws
 * (so that the transaction rolls back) when a record was rated meanwhile by another worker.
 */
export async function settleGroups(trx: Transaction<DB>, lookups: PricingLookups, priced: readonly PricedGroup[], unrateable: ReadonlyArray<{ ids: number[]; reason: string }>, o: SettleOptions): Promise<{ lines: number; records: number }> {
  const lines: Array<Insertable<UsageRatedLinesTable>> = [];
  // Discounts: one plan per customer and instant, over its lines (as an on-demand inquiry would).
  const byContext = new Map<string, number[]>();
  priced.forEach((p, i) => {
    const k = `${p.records[0]!.customer_id}|${p.at}`;
    const list = byContext.get(k);
    if (list) list.push(i);
    else byContext.set(k, [i]);
  });
  const amounts = new Array<{ official: bigint; consume: bigint; discountId: string | null; discountType: number | null }>(priced.length);
  for (const [k, idx] of byContext) {
    const [customerId, at] = k.split('|') as [string, string];
    const context = await lookups.context(customerId, at);
    if (context.discounts.length === 0) {
      // No discount reaches the customer: the plan would offer none, and each line pays its official price.
      for (const i of idx) {
        const official = truncateUnits(priced[i]!.official, RATING_PLACES);
        amounts[i] = { official, consume: official, discountId: null, discountType: null };
      }
      continue;
    }
    const planLines: PlanLine[] = idx.map((i) => {
      const r = priced[i]!.records[0]!;
      return { id: String(i), productId: productIdOf(productOf(r), 'on_demand'), serviceTypeCode: r.service_type_code, resourceTypeCode: r.resource_type_code, mode: 'on_demand', official: priced[i]!.official };
    });
    const plan = planQuote({ lines: planLines, discounts: context.discounts, partnerDiscountAllowed: context.partnerDiscountAllowed, at, places: RATING_PLACES });
    const preferred = preferredPerLine(plan);
    plan.lines.forEach((l) => {
      const chosen = preferred.get(l.id) ?? null;
      const official = truncateUnits(l.official, RATING_PLACES);
      amounts[Number(l.id)] = {
        official,
        consume: chosen ? truncateUnits(chosen.line.amount, RATING_PLACES) : official,
        discountId: chosen?.option.grant.id ?? null,
        discountType: chosen?.option.grant.type ?? null,
      };
    });
  }
  const days = new Map<string, { cycle: string; day: string }>();
  const productIds = new Map<string, string>();
  const decimalTexts = new Map<string, string>();
  const texts = (a: Rational): string => {
    const key = `${a.n}/${a.d}`;
    let text = decimalTexts.get(key);
    if (text === undefined) decimalTexts.set(key, (text = decimalText(a)));
    return text;
  };
  priced.forEach((p, i) => {
    const first = p.records[0]!;
    const a = amounts[i]!;
    const officialFen = a.official / E8_PER_FEN;
    const consumeFen = a.consume / E8_PER_FEN;
    let calendar = days.get(p.periodStart);
    if (!calendar) days.set(p.periodStart, (calendar = cycleAndDay(new Date(p.periodStart))));
    const { cycle, day } = calendar;
    const productKey = `${first.service_type_code}|${first.resource_type_code}|${first.spec_code}|${first.region_code}`;
    let productId = productIds.get(productKey);
    if (productId === undefined) productIds.set(productKey, (productId = productIdOf(productOf(first), 'on_demand')));
    const firstId = Number(first.id);
    lines.push({
      id: ratedLineId(firstId),
      first_record_id: firstId,
      kind: o.kind,
      customer_id: first.customer_id,
      partner_id: first.partner_id,
      resource_id: first.resource_id,
      service_type_code: first.service_type_code,
      resource_type_code: first.resource_type_code,
      spec_code: first.spec_code,
      region_code: first.region_code,
      product_id: productId,
      resource_size: first.resource_size,
      size_measure_id: first.size_measure_id,
      usage_type: p.rule.usageType.code,
      usage_measure_id: p.rule.priceMeasureId,
      usage_value: texts(p.usage),
      free_usage: texts(p.free),
      record_count: p.records.length,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      bill_cycle: cycle,
      bill_date: day,
      official_e8: a.official,
      discount_e8: a.official - a.consume,
      consume_e8: a.consume,
      official_amount: officialFen,
      discount_amount: officialFen - consumeFen,
      consume_amount: consumeFen,
      cash_amount: 0n,
      credit_amount: 0n,
      debt_amount: 0n,
      discount_id: a.discountId,
      discount_type: a.discountType,
      bill_record_id: usageBillRecordId(firstId),
      ledger_entry_id: null,
      rated_at: o.at,
    });
  });

  // Payment: per customer, its lines in order, cash then credit, the rest debt.
  const byCustomer = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const list = byCustomer.get(l.customer_id);
    if (list) list.push(i);
    else byCustomer.set(l.customer_id, [i]);
  });
  const charged = await chargeUsage(
    trx,
    [...byCustomer].map(([customerId, idx]) => ({ customerId, ref: `U:${o.batchId}:${customerId}`, tradeId: o.batchId, amounts: idx.map((i) => BigInt(lines[i]!.consume_amount!)) })),
    o.at,
  );
  for (const [customerId, idx] of byCustomer) {
    const c = charged.get(customerId)!;
    idx.forEach((i, n) => {
      const s = c.splits[n]!;
      const l = lines[i]!;
      l.cash_amount = s.cash;
      l.credit_amount = s.credit;
      l.debt_amount = s.debt;
      l.ledger_entry_id = s.cash + s.credit > 0n ? c.entryId : null;
    });
  }

  await insertRatedLinesAndBills(trx, lines);
  await addCycleSums(trx, cycleSums(lines), o.at);
  await o.onLines?.(lines);
  const records = o.marked ? priced.reduce((n, p) => n + p.records.length, 0) : await markGroups(trx, o.from, priced, unrateable);
  return { lines: lines.length, records };
}

/**
 * A rated line's id: `UL` + its first record's id, 16 digits. A record is rated by one line only,
 * so the id is unique, and the primary key is also the guard that a rerun of a crashed or raced
 * pass cannot write a line twice. Ids grow with ingestion order: a pass appends to the end of the
 * indexes on them instead of opening a random page per pass (random ids per row would dirty a
 * page per row).
 */
export function ratedLineId(firstRecordId: number): string {
  return `UL${String(firstRecordId).padStart(16, '0')}`;
}

/** The bill record id of a rated line: `BRU` + the same 16 digits (other bill records are `BR` + hexadecimal, never `BRU`). */
export function usageBillRecordId(firstRecordId: number): string {
  return `BRU${String(firstRecordId).padStart(16, '0')}`;
}

/** Ids `<base>` + a 6-digit hexadecimal counter: unique while the base is (one fresh id per pass). */
export function idSequence(base: string): () => string {
  let n = 0;
  return () => base + (n++).toString(16).toUpperCase().padStart(6, '0');
}

function cycleSums(lines: ReadonlyArray<Insertable<UsageRatedLinesTable>>): CycleSumDelta[] {
  const sums = new Map<string, CycleSumDelta>();
  for (const l of lines) {
    const partnerId = l.partner_id ?? '';
    const key = [l.customer_id, l.bill_cycle, partnerId, l.service_type_code, l.resource_type_code, l.region_code].join('\u001f');
    let s = sums.get(key);
    if (!s) {
      s = { customerId: l.customer_id, cycle: l.bill_cycle, partnerId, serviceTypeCode: l.service_type_code, resourceTypeCode: l.resource_type_code, regionCode: l.region_code, official: 0n, discount: 0n, consume: 0n, cash: 0n, credit: 0n, debt: 0n, consumeE8: 0n, count: 0 };
      sums.set(key, s);
    }
    s.official += BigInt(l.official_amount!);
    s.discount += BigInt(l.discount_amount!);
    s.consume += BigInt(l.consume_amount!);
    s.cash += BigInt(l.cash_amount!);
    s.credit += BigInt(l.credit_amount!);
    s.debt += BigInt(l.debt_amount!);
    s.consumeE8 += BigInt(l.consume_e8);
    s.count += 1;
  }
  return [...sums.values()];
}

/** Usage values are stored exactly; a value with no finite decimal form (a unit conversion by 3) keeps 12 decimals. */
export function decimalText(a: Rational): string {
  const units = truncateUnits(a, 12);
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(13, '0');
  const text = `${digits.slice(0, -12)}.${digits.slice(-12)}`.replace(/\.?0+$/, '');
  return (neg ? '-' : '') + (text === '' ? '0' : text);
}
