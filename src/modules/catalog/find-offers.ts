import type { Deps } from '../../platform/deps.ts';
import { parseDecimal } from '../../platform/rational.ts';
import type { TierRow } from './catalog-document.ts';
import { allConversions, allMeasureUnits, findEffectivePrices, findSpecs, findUsageTypes } from './catalog.repo.ts';
import { productKeyText, type Offer, type PriceRule, type ProductKey, type UsageTypeInfo } from './offer.ts';
import type { UnitTable } from './unit-conversion.ts';
import { specKey } from './validate-catalog-document.ts';

const ruleKey = (r: { charge_kind: string; usage_factor: string; period_type: number | null; period_num: number | null }) =>
  `${r.charge_kind}|${r.usage_factor.toLowerCase()}|${r.period_type ?? ''}|${r.period_num ?? ''}`;

/**
 * The products named, each with the prices in force at `at`: for every price key the entry of the
 * latest effective book that prices it, a region's own price before the book's `*` price. Null
 * for a product that does not exist (spec unknown, or not sold in that region). Three queries in
 * all, whatever the number of products.
 */
export async function findOffers(deps: Pick<Deps, 'db'>, keys: ProductKey[], at: string): Promise<Map<string, Offer | null>> {
  const db = deps.db.kysely;
  const { specs, regions } = await findSpecs(db, keys);
  const [entries, usages] = await Promise.all([
    findEffectivePrices(db, specs.map((s) => s.spec_code), at),
    findUsageTypes(db, specs.map((s) => s.resource_type_code)),
  ]);
  const specByKey = new Map(specs.map((s) => [specKey(s.service_type_code, s.resource_type_code, s.spec_code), s]));
  const sold = new Set(regions.map((r) => `${specKey(r.service_type_code, r.resource_type_code, r.spec_code)}|${r.region_code}`));
  const out = new Map<string, Offer | null>();
  for (const key of keys) {
    const sk = specKey(key.service, key.resource, key.spec);
    const spec = specByKey.get(sk);
    if (!spec || !sold.has(`${sk}|${key.region}`)) {
      out.set(productKeyText(key), null);
      continue;
    }
    const chosen = new Map<string, (typeof entries)[number]>();
    for (const e of entries) {
      if (e.service_type_code !== key.service || e.resource_type_code !== key.resource || e.spec_code !== key.spec) continue;
      if (e.region_code !== key.region && e.region_code !== '*') continue;
      const k = ruleKey(e);
      const best = chosen.get(k);
      if (!best || outranks(e, best)) chosen.set(k, e);
    }
    const usageTypes = new Map<string, UsageTypeInfo>(
      usages.filter((u) => u.resource_type_code === key.resource).map((u) => [u.code.toLowerCase(), { code: u.code, measureId: u.measure_id }]),
    );
    out.set(productKeyText(key), {
      key,
      nameZh: spec.name_zh,
      nameEn: spec.name_en,
      linear: spec.size_measure_id !== null ? { measureId: spec.size_measure_id, min: spec.min_size ?? 1, max: spec.max_size ?? Number.MAX_SAFE_INTEGER } : null,
      onDemand: spec.on_demand === 1,
      period: spec.period === 1,
      rules: [...chosen.values()].map(toRule),
      usageTypes,
    });
  }
  return out;
}

type EntryRow = Awaited<ReturnType<typeof findEffectivePrices>>[number];

/** The later book wins; within a book, a region's own price beats `*`; then the book code decides. */
function outranks(a: EntryRow, b: EntryRow): boolean {
  if (a.book_effective_from !== b.book_effective_from) return a.book_effective_from > b.book_effective_from;
  if ((a.region_code === '*') !== (b.region_code === '*')) return a.region_code !== '*';
  return a.book_code < b.book_code;
}

function toRule(e: EntryRow): PriceRule {
  const tiers = (JSON.parse(e.tiers) as TierRow[]).map((t) => ({
    upTo: t.up_to === null ? null : parseDecimal(t.up_to)!,
    unitPrice: parseDecimal(t.unit_price)!,
  }));
  return {
    entryId: e.id,
    bookCode: e.book_code,
    kind: e.charge_kind,
    basis: e.basis,
    tiers,
    usageFactor: e.usage_factor,
    usageMeasureId: e.usage_measure_id,
    periodType: e.period_type,
    periodNum: e.period_num,
    monthsCappedByYear: e.months_capped_by_year === 1,
    maxPeriodNum: e.max_period_num,
  };
}

/** Units and conversions (a small table), for converting usage and sizes into the units prices are quoted in. */
export async function loadUnitTable(deps: Pick<Deps, 'db'>): Promise<UnitTable> {
  const [units, conversions] = await Promise.all([allMeasureUnits(deps.db.kysely), allConversions(deps.db.kysely)]);
  return { units: new Map(units.map((u) => [u.measure_id, u.measure_type])), conversions };
}
