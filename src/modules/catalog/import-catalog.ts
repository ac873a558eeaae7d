import type { Transaction } from 'kysely';
import { Value } from '@sinclair/typebox/value';
import type { DB } from '../../platform/db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { CatalogDocument, CATALOG_TABLES, type CatalogTable } from './catalog-document.ts';
import { invalidCatalog } from './catalog.errors.ts';
import {
  insertServiceResources,
  loadCatalogRefs,
  replaceBookEntries,
  upsertConversions,
  upsertIncentivePolicies,
  upsertMeasureUnits,
  upsertPriceBooks,
  upsertRegions,
  upsertResourceSpecs,
  upsertResourceTypes,
  upsertServiceTypes,
  upsertUsageTypes,
} from './catalog-import.repo.ts';
import { mergeRefs, normalizePrice, storedInstant, validateCatalogDocument } from './validate-catalog-document.ts';

export type ImportSummary = Record<CatalogTable, number>;

/** Checks the shape of an untrusted document (CLI files, CSV tables) as the HTTP schema would. */
export function checkCatalogShape(doc: unknown): CatalogDocument {
  if (Value.Check(CatalogDocument, doc)) return doc;
  const first = Value.Errors(CatalogDocument, doc).First();
  throw invalidCatalog(first ? `${first.path || '/'} ${first.message}` : 'not a catalog document');
}

/**
 * Imports a catalog document in one transaction: catalog rows are added or updated (never deleted);
 * the prices of every book the document prices are replaced as a whole. Either all of it is stored
 * or, on the first invalid row, nothing.
 */
export async function importCatalog(deps: Deps, input: unknown): Promise<ImportSummary> {
  const doc = checkCatalogShape(input);
  const now = iso(deps.clock.now());
  return deps.db.kysely.transaction().execute((trx) => importDocument(trx, doc, now));
}

/** The import inside a transaction the caller owns (the default catalog records its digest in the same one). */
export async function importDocument(trx: Transaction<DB>, doc: CatalogDocument, now: string): Promise<ImportSummary> {
  const refs = mergeRefs(await loadCatalogRefs(trx), doc);
  validateCatalogDocument(doc, refs);

  await upsertRegions(trx, (doc.regions ?? []).map((r, i) => ({ ...r, sort_order: i })));
  await upsertMeasureUnits(trx, doc.measure_units ?? []);
  await upsertConversions(trx, doc.conversions ?? []);
  await upsertServiceTypes(trx, (doc.service_types ?? []).map((s, i) => ({ ...s, sort_order: i })));
  await upsertResourceTypes(
    trx,
    (doc.resource_types ?? []).map((r, i) => ({ ...r, desc_zh: r.desc_zh ?? '', desc_en: r.desc_en ?? '', sort_order: i })),
  );
  await insertServiceResources(trx, doc.service_resources ?? []);
  await upsertUsageTypes(trx, (doc.usage_types ?? []).map((u, i) => ({ ...u, sort_order: i })));
  await upsertResourceSpecs(
    trx,
    (doc.resource_specs ?? []).map((s, i) => ({
      service_type_code: s.service_type_code,
      resource_type_code: s.resource_type_code,
      spec_code: s.spec_code,
      name_zh: s.name_zh,
      name_en: s.name_en,
      size_measure_id: s.size_measure_id ?? null,
      min_size: s.min_size ?? null,
      max_size: s.max_size ?? null,
      on_demand: s.charge_modes.includes('on_demand') ? 1 : 0,
      period: s.charge_modes.includes('period') ? 1 : 0,
      sort_order: i,
      regions: s.regions,
    })),
  );
  await upsertIncentivePolicies(
    trx,
    (doc.incentive_policies ?? []).map((p, i) => ({ ...p, effective_from: storedInstant(`incentive_policies[${i}].effective_from`, p.effective_from) })),
  );
  await upsertPriceBooks(
    trx,
    (doc.price_books ?? []).map((b, i) => ({
      code: b.code,
      name: b.name,
      effective_from: storedInstant(`price_books[${i}].effective_from`, b.effective_from),
      effective_to: b.effective_to ? storedInstant(`price_books[${i}].effective_to`, b.effective_to) : null,
      updated_at: now,
    })),
  );
  const prices = doc.prices ?? [];
  await replaceBookEntries(
    trx,
    [...new Set(prices.map((p) => p.book_code))],
    prices.map((p, i) => normalizePrice(p, i, refs)),
  );
  return Object.fromEntries(CATALOG_TABLES.map((t) => [t, doc[t]?.length ?? 0])) as ImportSummary;
}
