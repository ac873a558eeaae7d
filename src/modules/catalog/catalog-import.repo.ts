import type {
  CatalogConversionsTable,
  CatalogIncentivePoliciesTable,
  CatalogMeasureUnitsTable,
  CatalogRegionsTable,
  CatalogResourceSpecsTable,
  CatalogResourceTypesTable,
  CatalogServiceTypesTable,
  CatalogUsageTypesTable,
  PriceBooksTable,
  PriceEntriesTable,
} from '../../platform/db/schema.ts';
import type { Conn } from '../identity/index.ts';
import { specKey, type CatalogRefs } from './validate-catalog-document.ts';

/** SQL for importing the catalog: the references a document may use, and the upserts. */

const CHUNK = 200;
function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

// ---- references, for validating an import ----

export async function loadCatalogRefs(db: Conn): Promise<CatalogRefs> {
  const [regions, units, services, resources, links, usages, specs, specRegions, books] = await Promise.all([
    db.selectFrom('catalog_regions').select('code').execute(),
    db.selectFrom('catalog_measure_units').select(['measure_id', 'measure_type']).execute(),
    db.selectFrom('catalog_service_types').select('code').execute(),
    db.selectFrom('catalog_resource_types').select(['code', 'service_type_code']).execute(),
    db.selectFrom('catalog_service_resources').selectAll().execute(),
    db.selectFrom('catalog_usage_types').select(['resource_type_code', 'code', 'measure_id']).execute(),
    db.selectFrom('catalog_resource_specs').selectAll().execute(),
    db.selectFrom('catalog_spec_regions').selectAll().execute(),
    db.selectFrom('price_books').select('code').execute(),
  ]);
  const specMap: CatalogRefs['specs'] = new Map();
  for (const s of specs) {
    specMap.set(specKey(s.service_type_code, s.resource_type_code, s.spec_code), {
      regions: new Set(),
      onDemand: s.on_demand === 1,
      period: s.period === 1,
      linear: s.size_measure_id !== null,
    });
  }
  for (const r of specRegions) specMap.get(specKey(r.service_type_code, r.resource_type_code, r.spec_code))?.regions.add(r.region_code);
  return {
    regions: new Set(regions.map((r) => r.code)),
    units: new Map(units.map((u) => [u.measure_id, u.measure_type])),
    serviceTypes: new Set(services.map((s) => s.code)),
    resourceTypes: new Map(resources.map((r) => [r.code, r.service_type_code])),
    serviceResources: new Set(links.map((l) => `${l.service_type_code}|${l.resource_type_code}`)),
    usageTypes: new Map(usages.map((u) => [`${u.resource_type_code}|${u.code.toLowerCase()}`, u.measure_id])),
    specs: specMap,
    books: new Set(books.map((b) => b.code)),
  };
}

// ---- upserts (an import adds and updates; it never deletes catalog rows) ----

export async function upsertRegions(db: Conn, rows: CatalogRegionsTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_regions')
      .values(part)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({ name_zh: eb.ref('excluded.name_zh'), name_en: eb.ref('excluded.name_en'), sort_order: eb.ref('excluded.sort_order') })),
      )
      .execute();
  }
}

export async function upsertMeasureUnits(db: Conn, rows: CatalogMeasureUnitsTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_measure_units')
      .values(part)
      .onConflict((oc) =>
        oc.column('measure_id').doUpdateSet((eb) => ({
          measure_type: eb.ref('excluded.measure_type'),
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          abbreviation: eb.ref('excluded.abbreviation'),
        })),
      )
      .execute();
  }
}

export async function upsertConversions(db: Conn, rows: CatalogConversionsTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_conversions')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['measure_id', 'ref_measure_id']).doUpdateSet((eb) => ({
          conversion_ratio: eb.ref('excluded.conversion_ratio'),
          measure_type: eb.ref('excluded.measure_type'),
        })),
      )
      .execute();
  }
}

export async function upsertServiceTypes(db: Conn, rows: CatalogServiceTypesTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_service_types')
      .values(part)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          abbreviation: eb.ref('excluded.abbreviation'),
          sort_order: eb.ref('excluded.sort_order'),
        })),
      )
      .execute();
  }
}

export async function upsertResourceTypes(db: Conn, rows: CatalogResourceTypesTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_resource_types')
      .values(part)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          service_type_code: eb.ref('excluded.service_type_code'),
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          desc_zh: eb.ref('excluded.desc_zh'),
          desc_en: eb.ref('excluded.desc_en'),
          sort_order: eb.ref('excluded.sort_order'),
        })),
      )
      .execute();
  }
}

export async function insertServiceResources(db: Conn, rows: Array<{ service_type_code: string; resource_type_code: string }>): Promise<void> {
  for (const part of chunks(rows)) {
    await db.insertInto('catalog_service_resources').values(part).onConflict((oc) => oc.columns(['service_type_code', 'resource_type_code']).doNothing()).execute();
  }
}

export async function upsertUsageTypes(db: Conn, rows: CatalogUsageTypesTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_usage_types')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['resource_type_code', 'code']).doUpdateSet((eb) => ({
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          measure_id: eb.ref('excluded.measure_id'),
          sort_order: eb.ref('excluded.sort_order'),
        })),
      )
      .execute();
  }
}

/** Upserts specs and replaces the regions each one is sold in. */
export async function upsertResourceSpecs(db: Conn, rows: Array<CatalogResourceSpecsTable & { regions: string[] }>): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_resource_specs')
      .values(part.map(({ regions: _regions, ...spec }) => spec))
      .onConflict((oc) =>
        oc.columns(['service_type_code', 'resource_type_code', 'spec_code']).doUpdateSet((eb) => ({
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          size_measure_id: eb.ref('excluded.size_measure_id'),
          min_size: eb.ref('excluded.min_size'),
          max_size: eb.ref('excluded.max_size'),
          on_demand: eb.ref('excluded.on_demand'),
          period: eb.ref('excluded.period'),
          sort_order: eb.ref('excluded.sort_order'),
        })),
      )
      .execute();
    for (const s of part) {
      await db
        .deleteFrom('catalog_spec_regions')
        .where('service_type_code', '=', s.service_type_code)
        .where('resource_type_code', '=', s.resource_type_code)
        .where('spec_code', '=', s.spec_code)
        .execute();
    }
    const regionRows = part.flatMap((s) =>
      s.regions.map((region_code) => ({ service_type_code: s.service_type_code, resource_type_code: s.resource_type_code, spec_code: s.spec_code, region_code })),
    );
    for (const rp of chunks(regionRows)) await db.insertInto('catalog_spec_regions').values(rp).execute();
  }
}

export async function upsertIncentivePolicies(db: Conn, rows: CatalogIncentivePoliciesTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('catalog_incentive_policies')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['service_type_code', 'effective_from']).doUpdateSet((eb) => ({
          incentive_policy: eb.ref('excluded.incentive_policy'),
          allow_discount: eb.ref('excluded.allow_discount'),
        })),
      )
      .execute();
  }
}

export async function upsertPriceBooks(db: Conn, rows: PriceBooksTable[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('price_books')
      .values(part)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          effective_from: eb.ref('excluded.effective_from'),
          effective_to: eb.ref('excluded.effective_to'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** A book's prices are imported as a whole: the entries of every book named are replaced. */
export async function replaceBookEntries(db: Conn, bookCodes: string[], rows: PriceEntriesTable[]): Promise<void> {
  if (bookCodes.length > 0) await db.deleteFrom('price_entries').where('book_code', 'in', bookCodes).execute();
  for (const part of chunks(rows)) await db.insertInto('price_entries').values(part).execute();
}
