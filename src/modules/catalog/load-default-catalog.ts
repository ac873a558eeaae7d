import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import { checkCatalogShape, importDocument, type ImportSummary } from './import-catalog.ts';

const DEFAULT_CATALOG_URL = new URL('./default-catalog.json', import.meta.url);
const SETTING = 'catalog.default_sha256';

/** The catalog shipped with the demo: a small but realistic cloud in four regions, with list prices. */
export function readDefaultCatalog(): { text: string; doc: unknown } {
  const text = fs.readFileSync(DEFAULT_CATALOG_URL, 'utf8');
  return { text, doc: JSON.parse(text) as unknown };
}

/**
 * Imports the default catalog unless this exact version was imported before (its digest is kept in
 * settings), so a sandbox start costs one lookup. An import is an upsert, so a newer default
 * catalog updates the rows it ships and leaves the operator's own additions alone.
 */
export async function loadDefaultCatalog(deps: Deps): Promise<{ imported: ImportSummary | null }> {
  const { text, doc } = readDefaultCatalog();
  const checked = checkCatalogShape(doc);
  const digest = createHash('sha256').update(text).digest('hex');
  const now = iso(deps.clock.now());
  return deps.db.kysely.transaction().execute(async (trx) => {
    // Two servers starting on one database load it once.
    await serializeOn(trx, SETTING);
    const seen = await trx.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
    if (seen?.value === digest) return { imported: null };
    const imported = await importDocument(trx, checked, now);
    await trx
      .insertInto('settings')
      .values({ key: SETTING, value: digest })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: digest }))
      .execute();
    return { imported };
  });
}
