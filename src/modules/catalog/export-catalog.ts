import type { Deps } from '../../platform/deps.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import type { CatalogDocument, PriceRow, ResourceSpecRow, TierRow } from './catalog-document.ts';
import {
  allConversions,
  allIncentivePolicies,
  allMeasureUnits,
  allPriceBooks,
  allPriceEntries,
  allRegions,
  allResourceSpecs,
  allResourceTypes,
  allServiceResources,
  allServiceTypes,
  allSpecRegions,
  allUsageTypes,
} from './catalog.repo.ts';
import { specKey } from './validate-catalog-document.ts';

/** The whole catalog and every price book as one document, in the order an import needs. */
export async function exportCatalog(deps: Pick<Deps, 'db'>): Promise<CatalogDocument> {
  const db = deps.db.kysely;
  const [regions, units, conversions, services, resources, links, usages, specs, specRegions, policies, books, entries] = await Promise.all([
    allRegions(db),
    allMeasureUnits(db),
    allConversions(db),
    allServiceTypes(db),
    allResourceTypes(db),
    allServiceResources(db),
    allUsageTypes(db),
    allResourceSpecs(db),
    allSpecRegions(db),
    allIncentivePolicies(db),
    allPriceBooks(db),
    allPriceEntries(db),
  ]);
  const regionsOf = new Map<string, string[]>();
  for (const r of specRegions) {
    const k = specKey(r.service_type_code, r.resource_type_code, r.spec_code);
    regionsOf.set(k, [...(regionsOf.get(k) ?? []), r.region_code]);
  }
  return {
    format: 'partner-bss.catalog/1',
    regions: regions.map((r) => ({ code: r.code, name_zh: r.name_zh, name_en: r.name_en })),
    measure_units: units.map((u) => ({ measure_id: u.measure_id, measure_type: u.measure_type, name_zh: u.name_zh, name_en: u.name_en, abbreviation: u.abbreviation })),
    conversions: conversions.map((c) => ({ measure_id: c.measure_id, ref_measure_id: c.ref_measure_id, conversion_ratio: c.conversion_ratio, measure_type: c.measure_type })),
    service_types: services.map((s) => ({ code: s.code, name_zh: s.name_zh, name_en: s.name_en, abbreviation: s.abbreviation })),
    resource_types: resources.map((r) => ({ code: r.code, service_type_code: r.service_type_code, name_zh: r.name_zh, name_en: r.name_en, desc_zh: r.desc_zh, desc_en: r.desc_en })),
    service_resources: links.map((l) => ({ service_type_code: l.service_type_code, resource_type_code: l.resource_type_code })),
    usage_types: usages.map((u) => ({ code: u.code, resource_type_code: u.resource_type_code, name_zh: u.name_zh, name_en: u.name_en, measure_id: u.measure_id })),
    resource_specs: specs.map((s): ResourceSpecRow => ({
      service_type_code: s.service_type_code,
      resource_type_code: s.resource_type_code,
      spec_code: s.spec_code,
      name_zh: s.name_zh,
      name_en: s.name_en,
      ...(s.size_measure_id !== null ? { size_measure_id: s.size_measure_id, min_size: s.min_size, max_size: s.max_size } : {}),
      charge_modes: [...(s.period ? ['period' as const] : []), ...(s.on_demand ? ['on_demand' as const] : [])],
      regions: regionsOf.get(specKey(s.service_type_code, s.resource_type_code, s.spec_code)) ?? [],
    })),
    incentive_policies: policies.map((p) => ({
      service_type_code: p.service_type_code,
      effective_from: huaweiUtc(p.effective_from),
      incentive_policy: p.incentive_policy as '0' | '1' | '2' | '13',
      allow_discount: p.allow_discount as 'YES' | 'NO',
    })),
    price_books: books.map((b) => ({ code: b.code, name: b.name, effective_from: huaweiUtc(b.effective_from), effective_to: b.effective_to ? huaweiUtc(b.effective_to) : null })),
    prices: entries.map((e): PriceRow => {
      const tiers = JSON.parse(e.tiers) as TierRow[];
      return {
        book_code: e.book_code,
        service_type_code: e.service_type_code,
        resource_type_code: e.resource_type_code,
        spec_code: e.spec_code,
        region_code: e.region_code,
        charge_kind: e.charge_kind,
        ...(e.charge_kind === 'on_demand' ? { usage_factor: e.usage_factor, usage_measure_id: e.usage_measure_id } : {}),
        ...(e.charge_kind === 'period' ? { period_type: e.period_type, ...(e.period_num !== null ? { period_num: e.period_num } : {}) } : {}),
        basis: e.basis,
        ...(tiers.length === 1 && tiers[0]!.up_to === null ? { unit_price: tiers[0]!.unit_price } : { tiers }),
        ...(e.months_capped_by_year ? { months_capped_by_year: true } : {}),
        ...(e.max_period_num !== null ? { max_period_num: e.max_period_num } : {}),
      };
    }),
  };
}
