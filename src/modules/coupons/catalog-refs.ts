import type { Deps } from '../../platform/deps.ts';
import { findUnknownScopes, productIdOf, type ProductMode } from '../catalog/index.ts';

/** The cloud service type codes the catalog does not know. */
export async function unknownServiceTypes(deps: Pick<Deps, 'db'>, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const bad = await findUnknownScopes(deps, codes.map((service) => ({ service })));
  return bad.map((i) => codes[i]!);
}

/**
 * The product ids the catalog does not sell. A product id is derived from what names the product
 * (catalog productIdOf), so the known ids are computed from the specs and the regions they are sold
 * in; the catalog is small (tens of specs), and this runs only when a request names products.
 */
export async function unknownProductIds(deps: Pick<Deps, 'db'>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await deps.db.kysely
    .selectFrom('catalog_spec_regions as r')
    .innerJoin('catalog_resource_specs as s', (j) =>
      j.onRef('s.service_type_code', '=', 'r.service_type_code').onRef('s.resource_type_code', '=', 'r.resource_type_code').onRef('s.spec_code', '=', 'r.spec_code'),
    )
    .select(['r.service_type_code', 'r.resource_type_code', 'r.spec_code', 'r.region_code', 's.on_demand', 's.period'])
    .execute();
  const known = new Set<string>();
  for (const r of rows) {
    const key = { service: r.service_type_code, resource: r.resource_type_code, spec: r.spec_code, region: r.region_code };
    const modes: ProductMode[] = [...(r.on_demand === 1 ? (['on_demand'] as const) : []), ...(r.period === 1 ? (['period'] as const) : [])];
    for (const mode of modes) known.add(productIdOf(key, mode));
  }
  return ids.filter((id) => !known.has(id));
}
