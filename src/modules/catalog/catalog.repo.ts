import { containsText } from '../../platform/db/dialect.ts';
import type { Conn } from '../identity/index.ts';

/** SQL for reading the catalog and price books (exports, partner-API listings, rating). Takes a connection or a transaction. */

// ---- reads for export ----

export const allRegions = (db: Conn) => db.selectFrom('catalog_regions').selectAll().orderBy('sort_order').orderBy('code').execute();
export const allMeasureUnits = (db: Conn) => db.selectFrom('catalog_measure_units').selectAll().orderBy('measure_id').execute();
export const allConversions = (db: Conn, measureType?: number) => {
  let q = db.selectFrom('catalog_conversions').selectAll();
  if (measureType !== undefined) q = q.where('measure_type', '=', measureType);
  return q.orderBy('measure_type').orderBy('measure_id').orderBy('ref_measure_id').execute();
};
export const allServiceTypes = (db: Conn) => db.selectFrom('catalog_service_types').selectAll().orderBy('sort_order').orderBy('code').execute();
export const allResourceTypes = (db: Conn) => db.selectFrom('catalog_resource_types').selectAll().orderBy('sort_order').orderBy('code').execute();
export const allServiceResources = (db: Conn) =>
  db.selectFrom('catalog_service_resources').selectAll().orderBy('service_type_code').orderBy('resource_type_code').execute();
export const allUsageTypes = (db: Conn) => db.selectFrom('catalog_usage_types').selectAll().orderBy('sort_order').orderBy('resource_type_code').orderBy('code').execute();
export const allResourceSpecs = (db: Conn) =>
  db.selectFrom('catalog_resource_specs').selectAll().orderBy('sort_order').orderBy('service_type_code').orderBy('resource_type_code').orderBy('spec_code').execute();
export const allSpecRegions = (db: Conn) =>
  db.selectFrom('catalog_spec_regions').innerJoin('catalog_regions', 'catalog_regions.code', 'catalog_spec_regions.region_code').selectAll('catalog_spec_regions').orderBy('catalog_regions.sort_order').orderBy('region_code').execute();
export const allIncentivePolicies = (db: Conn) =>
  db.selectFrom('catalog_incentive_policies').selectAll().orderBy('service_type_code').orderBy('effective_from').execute();
export const allPriceBooks = (db: Conn) => db.selectFrom('price_books').selectAll().orderBy('effective_from').orderBy('code').execute();
export const allPriceEntries = (db: Conn) =>
  db
    .selectFrom('price_entries')
    .innerJoin('price_books', 'price_books.code', 'price_entries.book_code')
    .selectAll('price_entries')
    .orderBy('price_books.effective_from')
    .orderBy('book_code')
    .orderBy('service_type_code')
    .orderBy('resource_type_code')
    .orderBy('spec_code')
    .orderBy('region_code')
    .orderBy('charge_kind')
    .orderBy('usage_factor')
    .orderBy('period_type')
    .orderBy('period_num')
    .execute();

export const countPriceEntriesByBook = (db: Conn) =>
  db.selectFrom('price_entries').select(['book_code', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('book_code').execute();

// ---- partner-API listings ----

export interface Page {
  offset: number;
  limit: number;
}

export async function listServiceTypes(db: Conn, page: Page, nameColumn: 'name_zh' | 'name_en', nameContains?: string) {
  let q = db.selectFrom('catalog_service_types');
  if (nameContains !== undefined) q = q.where(containsText(db, nameColumn, nameContains));
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('sort_order').orderBy('code').offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.n), rows };
}

export async function listResourceTypes(db: Conn, page: Page, serviceTypeCode?: string) {
  let q = db.selectFrom('catalog_resource_types');
  if (serviceTypeCode !== undefined) {
    // A service's resources: the ones it owns and the ones it is linked to.
    q = q.where((eb) =>
      eb.or([
        eb('service_type_code', '=', serviceTypeCode),
        eb('code', 'in', eb.selectFrom('catalog_service_resources').select('resource_type_code').where('service_type_code', '=', serviceTypeCode)),
      ]),
    );
  }
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('sort_order').orderBy('code').offset(page.offset).limit(page.limit).execute(),
  ]);
  return { total: Number(count.n), rows };
}

export async function listUsageTypes(db: Conn, page: Page, resourceTypeCode?: string) {
  let q = db
    .selectFrom('catalog_usage_types as u')
    .innerJoin('catalog_resource_types as r', 'r.code', 'u.resource_type_code')
    .innerJoin('catalog_service_types as s', 's.code', 'r.service_type_code');
  if (resourceTypeCode !== undefined) q = q.where('u.resource_type_code', '=', resourceTypeCode);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    q
      .select([
        'u.code',
        'u.name_zh',
        'u.name_en',
        'u.resource_type_code',
        'r.name_zh as resource_name_zh',
        'r.name_en as resource_name_en',
        's.code as service_type_code',
        's.name_zh as service_name_zh',
        's.name_en as service_name_en',
      ])
      .orderBy('u.sort_order')
      .orderBy('u.resource_type_code')
      .orderBy('u.code')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { total: Number(count.n), rows };
}

export interface SpecFilter {
  service: string;
  resource: string;
  region: string;
  mode: 'period' | 'on_demand';
  specContains?: string;
  /** Exclusive lower bound: the last spec code of the previous page. */
  after?: string;
}

/** One page of specs sold in a region, ordered by spec code; one row more than `limit` tells that a next page exists. */
export const listSpecsInRegion = (db: Conn, f: SpecFilter, limit: number) => {
  let q = db
    .selectFrom('catalog_spec_regions as r')
    .innerJoin('catalog_resource_specs as s', (j) =>
      j.onRef('s.service_type_code', '=', 'r.service_type_code').onRef('s.resource_type_code', '=', 'r.resource_type_code').onRef('s.spec_code', '=', 'r.spec_code'),
    )
    .innerJoin('catalog_service_types as st', 'st.code', 's.service_type_code')
    .innerJoin('catalog_resource_types as rt', 'rt.code', 's.resource_type_code')
    .where('r.region_code', '=', f.region)
    .where('r.service_type_code', '=', f.service)
    .where('r.resource_type_code', '=', f.resource)
    .where(f.mode === 'period' ? 's.period' : 's.on_demand', '=', 1);
  if (f.specContains !== undefined) q = q.where(containsText(db, 's.spec_code', f.specContains));
  if (f.after !== undefined) q = q.where('s.spec_code', '>', f.after);
  return q
    .select([
      's.spec_code',
      's.name_zh',
      's.name_en',
      'st.code as service_type_code',
      'st.name_zh as service_name_zh',
      'st.name_en as service_name_en',
      'rt.code as resource_type_code',
      'rt.name_zh as resource_name_zh',
      'rt.name_en as resource_name_en',
    ])
    .orderBy('s.spec_code')
    .limit(limit + 1)
    .execute();
};

/** Per service type, the policy in force at `at`: the latest one that took effect at or before it. */
export async function policiesAt(db: Conn, at: string, serviceTypeCode?: string) {
  let q = db
    .selectFrom('catalog_incentive_policies as p')
    .innerJoin('catalog_service_types as s', 's.code', 'p.service_type_code')
    .where('p.effective_from', '<=', at)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('catalog_incentive_policies as later')
            .select('later.service_type_code')
            .whereRef('later.service_type_code', '=', 'p.service_type_code')
            .where('later.effective_from', '<=', at)
            .whereRef('later.effective_from', '>', 'p.effective_from'),
        ),
      ),
    );
  if (serviceTypeCode !== undefined) q = q.where('p.service_type_code', '=', serviceTypeCode);
  return q
    .select(['p.service_type_code', 'p.incentive_policy', 'p.allow_discount', 's.name_zh', 's.name_en', 's.sort_order'])
    .orderBy('s.sort_order')
    .orderBy('p.service_type_code')
    .execute();
}

// ---- reads for rating ----

export interface SpecRef {
  service: string;
  resource: string;
  spec: string;
}

/** The specs named (with their regions), in one query each. */
export async function findSpecs(db: Conn, refs: SpecRef[]) {
  const codes = [...new Set(refs.map((r) => r.spec))];
  if (codes.length === 0) return { specs: [], regions: [] };
  const [specs, regions] = await Promise.all([
    db.selectFrom('catalog_resource_specs').selectAll().where('spec_code', 'in', codes).execute(),
    db.selectFrom('catalog_spec_regions').selectAll().where('spec_code', 'in', codes).execute(),
  ]);
  return { specs, regions };
}

/** The prices of the specs named in books effective at `at`, with each book's effective_from. */
export function findEffectivePrices(db: Conn, specCodes: string[], at: string) {
  if (specCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('price_entries as e')
    .innerJoin('price_books as b', 'b.code', 'e.book_code')
    .selectAll('e')
    .select('b.effective_from as book_effective_from')
    .where('e.spec_code', 'in', [...new Set(specCodes)])
    .where('b.effective_from', '<=', at)
    .where((eb) => eb.or([eb('b.effective_to', 'is', null), eb('b.effective_to', '>', at)]))
    .execute();
}

export const findUsageTypes = (db: Conn, resourceTypeCodes: string[]) =>
  resourceTypeCodes.length === 0
    ? Promise.resolve([])
    : db.selectFrom('catalog_usage_types').selectAll().where('resource_type_code', 'in', [...new Set(resourceTypeCodes)]).execute();

export const findServiceTypes = (db: Conn, codes: string[]) =>
  codes.length === 0 ? Promise.resolve([]) : db.selectFrom('catalog_service_types').selectAll().where('code', 'in', [...new Set(codes)]).execute();
