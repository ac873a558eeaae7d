import type { Deps } from '../../platform/deps.ts';
import { loadCatalogRefs } from './catalog-import.repo.ts';

/**
 * For discount grants: the indexes of the scopes that name a service type that does not exist, or
 * a resource type the service does not use.
 */
export async function findUnknownScopes(
  deps: Pick<Deps, 'db'>,
  scopes: Array<{ service?: string | null; resource?: string | null }>,
): Promise<number[]> {
  const refs = await loadCatalogRefs(deps.db.kysely);
  const bad: number[] = [];
  scopes.forEach((s, i) => {
    if (s.service && !refs.serviceTypes.has(s.service)) bad.push(i);
    else if (s.service && s.resource && refs.resourceTypes.get(s.resource) !== s.service && !refs.serviceResources.has(`${s.service}|${s.resource}`)) bad.push(i);
  });
  return bad;
}
