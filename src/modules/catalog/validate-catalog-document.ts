import { createHash } from 'node:crypto';
import { parseHuaweiUtc } from '../../platform/time-format.ts';
import { cmp, parseDecimal, ZERO } from '../../platform/rational.ts';
import type { PriceEntriesTable } from '../../platform/db/schema.ts';
import { PERIOD_TYPES, type CatalogDocument, type PriceRow, type TierRow } from './catalog-document.ts';
import { invalidCatalog } from './catalog.errors.ts';

/** What a document may refer to: the rows already stored, merged with the document's own. */
export interface CatalogRefs {
  regions: Set<string>;
  /** measure_id → measure_type */
  units: Map<number, number>;
  serviceTypes: Set<string>;
  /** resource type → owning service type */
  resourceTypes: Map<string, string>;
  /** `service|resource` links besides ownership */
  serviceResources: Set<string>;
  /** `resource|usage code (lower case)` → measure_id */
  usageTypes: Map<string, number>;
  /** `service|resource|spec` */
  specs: Map<string, { regions: Set<string>; onDemand: boolean; period: boolean; linear: boolean }>;
  books: Set<string>;
}

export const specKey = (service: string, resource: string, spec: string) => `${service}|${resource}|${spec}`;

/** Instants are stored as ISO-8601 with milliseconds, like every other table. */
export function storedInstant(field: string, value: string): string {
  const d = parseHuaweiUtc(value);
  if (!d) throw invalidCatalog(`${field} must be UTC yyyy-MM-ddTHH:mm:ssZ`);
  return d.toISOString();
}

export function mergeRefs(stored: CatalogRefs, doc: CatalogDocument): CatalogRefs {
  const refs: CatalogRefs = {
    regions: new Set(stored.regions),
    units: new Map(stored.units),
    serviceTypes: new Set(stored.serviceTypes),
    resourceTypes: new Map(stored.resourceTypes),
    serviceResources: new Set(stored.serviceResources),
    usageTypes: new Map(stored.usageTypes),
    specs: new Map(stored.specs),
    books: new Set(stored.books),
  };
  for (const r of doc.regions ?? []) refs.regions.add(r.code);
  for (const u of doc.measure_units ?? []) refs.units.set(u.measure_id, u.measure_type);
  for (const s of doc.service_types ?? []) refs.serviceTypes.add(s.code);
  for (const r of doc.resource_types ?? []) refs.resourceTypes.set(r.code, r.service_type_code);
  for (const l of doc.service_resources ?? []) refs.serviceResources.add(`${l.service_type_code}|${l.resource_type_code}`);
  for (const u of doc.usage_types ?? []) refs.usageTypes.set(`${u.resource_type_code}|${u.code.toLowerCase()}`, u.measure_id);
  for (const s of doc.resource_specs ?? []) {
    refs.specs.set(specKey(s.service_type_code, s.resource_type_code, s.spec_code), {
      regions: new Set(s.regions),
      onDemand: s.charge_modes.includes('on_demand'),
      period: s.charge_modes.includes('period'),
      linear: s.size_measure_id !== null && s.size_measure_id !== undefined,
    });
  }
  for (const b of doc.price_books ?? []) refs.books.add(b.code);
  return refs;
}

function checkUnique<T>(rows: T[] | undefined, section: string, key: (r: T) => string): void {
  const seen = new Set<string>();
  (rows ?? []).forEach((r, i) => {
    const k = key(r);
    if (seen.has(k)) throw invalidCatalog(`${section}[${i}] repeats ${k}`);
    seen.add(k);
  });
}

const serviceUses = (refs: CatalogRefs, service: string, resource: string) =>
  refs.resourceTypes.get(resource) === service || refs.serviceResources.has(`${service}|${resource}`);

/**
 * Checks a document against itself and the stored catalog: every reference resolves, codes are
 * unique within a section, specs and prices are coherent. Throws PBSS.0400 naming the first bad row.
 */
export function validateCatalogDocument(doc: CatalogDocument, refs: CatalogRefs): void {
  checkUnique(doc.regions, 'regions', (r) => r.code);
  checkUnique(doc.measure_units, 'measure_units', (r) => String(r.measure_id));
  checkUnique(doc.conversions, 'conversions', (r) => `${r.measure_id}->${r.ref_measure_id}`);
  checkUnique(doc.service_types, 'service_types', (r) => r.code);
  checkUnique(doc.resource_types, 'resource_types', (r) => r.code);
  checkUnique(doc.service_resources, 'service_resources', (r) => `${r.service_type_code}|${r.resource_type_code}`);
  checkUnique(doc.usage_types, 'usage_types', (r) => `${r.resource_type_code}|${r.code.toLowerCase()}`);
  checkUnique(doc.resource_specs, 'resource_specs', (r) => specKey(r.service_type_code, r.resource_type_code, r.spec_code));
  checkUnique(doc.incentive_policies, 'incentive_policies', (r) => `${r.service_type_code}|${r.effective_from}`);
  checkUnique(doc.price_books, 'price_books', (r) => r.code);

  (doc.conversions ?? []).forEach((c, i) => {
    const from = refs.units.get(c.measure_id);
    const to = refs.units.get(c.ref_measure_id);
    if (from === undefined || to === undefined) throw invalidCatalog(`conversions[${i}] names an unknown measure unit`);
    if (from !== c.measure_type || to !== c.measure_type) throw invalidCatalog(`conversions[${i}] converts between units of different measure types`);
    if (c.measure_id === c.ref_measure_id) throw invalidCatalog(`conversions[${i}] converts a unit to itself`);
  });
  (doc.resource_types ?? []).forEach((r, i) => {
    if (!refs.serviceTypes.has(r.service_type_code)) throw invalidCatalog(`resource_types[${i}] names unknown service type ${r.service_type_code}`);
  });
  (doc.service_resources ?? []).forEach((l, i) => {
    if (!refs.serviceTypes.has(l.service_type_code)) throw invalidCatalog(`service_resources[${i}] names unknown service type ${l.service_type_code}`);
    if (!refs.resourceTypes.has(l.resource_type_code)) throw invalidCatalog(`service_resources[${i}] names unknown resource type ${l.resource_type_code}`);
  });
  (doc.usage_types ?? []).forEach((u, i) => {
    if (!refs.resourceTypes.has(u.resource_type_code)) throw invalidCatalog(`usage_types[${i}] names unknown resource type ${u.resource_type_code}`);
    if (!refs.units.has(u.measure_id)) throw invalidCatalog(`usage_types[${i}] names unknown measure unit ${u.measure_id}`);
  });
  (doc.resource_specs ?? []).forEach((s, i) => {
    const at = `resource_specs[${i}] (${s.spec_code})`;
    if (!refs.serviceTypes.has(s.service_type_code)) throw invalidCatalog(`${at} names unknown service type ${s.service_type_code}`);
    if (!refs.resourceTypes.has(s.resource_type_code)) throw invalidCatalog(`${at} names unknown resource type ${s.resource_type_code}`);
    if (!serviceUses(refs, s.service_type_code, s.resource_type_code)) throw invalidCatalog(`${at}: service ${s.service_type_code} does not use resource type ${s.resource_type_code}`);
    for (const region of s.regions) if (!refs.regions.has(region)) throw invalidCatalog(`${at} names unknown region ${region}`);
    const linear = s.size_measure_id !== null && s.size_measure_id !== undefined;
    if (linear) {
      if (!refs.units.has(s.size_measure_id!)) throw invalidCatalog(`${at} names unknown size unit ${s.size_measure_id}`);
      if (!s.min_size || !s.max_size || s.min_size > s.max_size) throw invalidCatalog(`${at}: a linear spec needs min_size <= max_size`);
    } else if (s.min_size || s.max_size) {
      throw invalidCatalog(`${at}: min_size and max_size belong to linear specs (size_measure_id)`);
    }
  });
  (doc.incentive_policies ?? []).forEach((p, i) => {
    if (!refs.serviceTypes.has(p.service_type_code)) throw invalidCatalog(`incentive_policies[${i}] names unknown service type ${p.service_type_code}`);
    storedInstant(`incentive_policies[${i}].effective_from`, p.effective_from);
  });
  (doc.price_books ?? []).forEach((b, i) => {
    const from = storedInstant(`price_books[${i}].effective_from`, b.effective_from);
    if (b.effective_to) {
      const to = storedInstant(`price_books[${i}].effective_to`, b.effective_to);
      if (to <= from) throw invalidCatalog(`price_books[${i}]: effective_to must be after effective_from`);
    }
  });
  const entryIds = new Set<string>();
  (doc.prices ?? []).forEach((p, i) => {
    const entry = normalizePrice(p, i, refs);
    if (entryIds.has(entry.id)) throw invalidCatalog(`prices[${i}] repeats a price of book ${p.book_code} for the same product and key`);
    entryIds.add(entry.id);
  });
}

function checkTiers(at: string, tiers: TierRow[]): void {
  let previous = ZERO;
  tiers.forEach((t, j) => {
    const last = j === tiers.length - 1;
    if (last !== (t.up_to === null)) throw invalidCatalog(`${at}.tiers: only the last tier has up_to null`);
    if (t.up_to !== null) {
      const bound = parseDecimal(t.up_to)!;
      if (cmp(bound, previous) <= 0) throw invalidCatalog(`${at}.tiers: up_to must increase`);
      previous = bound;
    }
  });
}

/** A price row as stored: defaults filled, tiers normalised, keyed by a digest of book and key. */
export function normalizePrice(p: PriceRow, i: number, refs: CatalogRefs): PriceEntriesTable {
  const at = `prices[${i}]`;
  if (!refs.books.has(p.book_code)) throw invalidCatalog(`${at} names unknown price book ${p.book_code}`);
  const spec = refs.specs.get(specKey(p.service_type_code, p.resource_type_code, p.spec_code));
  if (!spec) throw invalidCatalog(`${at} names unknown spec ${p.service_type_code} / ${p.resource_type_code} / ${p.spec_code}`);
  const region = p.region_code ?? '*';
  if (region !== '*' && !spec.regions.has(region)) throw invalidCatalog(`${at}: spec ${p.spec_code} is not sold in ${region}`);
  if ((p.unit_price === undefined) === (p.tiers === undefined)) throw invalidCatalog(`${at}: give unit_price or tiers`);
  const tiers: TierRow[] = p.tiers ?? [{ up_to: null, unit_price: p.unit_price! }];
  checkTiers(at, tiers);
  if (p.basis === 'size' && !spec.linear) throw invalidCatalog(`${at}: basis size needs a linear spec`);
  if (p.basis === 'flat' && tiers.length > 1) throw invalidCatalog(`${at}: a flat price has one tier`);
  let usageFactor = '';
  let usageMeasureId: number | null = null;
  let periodType: number | null = null;
  let periodNum: number | null = null;
  switch (p.charge_kind) {
    case 'on_demand': {
      if (!spec.onDemand) throw invalidCatalog(`${at}: spec ${p.spec_code} is not sold on demand`);
      usageFactor = (p.usage_factor ?? '').trim();
      const usageUnit = refs.usageTypes.get(`${p.resource_type_code}|${usageFactor.toLowerCase()}`);
      if (usageUnit === undefined) throw invalidCatalog(`${at} names unknown usage type ${usageFactor} of ${p.resource_type_code}`);
      usageMeasureId = p.usage_measure_id ?? usageUnit;
      if (refs.units.get(usageMeasureId) !== refs.units.get(usageUnit)) throw invalidCatalog(`${at}: usage_measure_id must measure the same thing as the usage type`);
      if (p.period_type != null || p.period_num != null) throw invalidCatalog(`${at}: an on-demand price has no period`);
      break;
    }
    case 'period': {
      if (!spec.period) throw invalidCatalog(`${at}: spec ${p.spec_code} is not sold by period`);
      if (p.basis === 'usage') throw invalidCatalog(`${at}: a period price is flat or by size`);
      if (p.period_type == null || !(PERIOD_TYPES as readonly number[]).includes(p.period_type)) throw invalidCatalog(`${at}: period_type must be 0 day, 2 month, 3 year or 4 hour`);
      periodType = p.period_type;
      periodNum = p.period_num ?? null;
      if (p.months_capped_by_year && (periodType !== 2 || periodNum !== null)) throw invalidCatalog(`${at}: months_capped_by_year belongs to the per-month price`);
      break;
    }
    case 'one_time':
      if (!spec.period) throw invalidCatalog(`${at}: one-time fees go with specs sold by period`);
      if (p.basis === 'usage') throw invalidCatalog(`${at}: a one-time fee is flat or by size`);
      if (p.period_type != null || p.period_num != null) throw invalidCatalog(`${at}: a one-time fee has no period`);
      break;
  }
  const key = [p.book_code, p.service_type_code, p.resource_type_code, p.spec_code, region, p.charge_kind, usageFactor.toLowerCase(), periodType ?? '', periodNum ?? ''].join('|');
  return {
    id: createHash('sha256').update(key).digest('hex').slice(0, 32),
    book_code: p.book_code,
    service_type_code: p.service_type_code,
    resource_type_code: p.resource_type_code,
    spec_code: p.spec_code,
    region_code: region,
    charge_kind: p.charge_kind,
    usage_factor: usageFactor,
    usage_measure_id: usageMeasureId,
    period_type: periodType,
    period_num: periodNum,
    basis: p.basis,
    tiers: JSON.stringify(tiers.map((t) => ({ up_to: t.up_to, unit_price: t.unit_price }))),
    months_capped_by_year: p.months_capped_by_year ? 1 : 0,
    max_period_num: p.charge_kind === 'period' ? (p.max_period_num ?? null) : null,
  };
}
