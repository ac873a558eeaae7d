import type { Conn } from './quotas.repo.ts';
import { findAccountById } from '../identity/index.ts';

/** Account names for the views that show a tier-2's name: by id. */
export async function accountNames(db: Conn, ids: readonly string[]): Promise<Map<string, { id: string; name: string; displayName: string }>> {
  const out = new Map<string, { id: string; name: string; displayName: string }>();
  for (const id of new Set(ids)) {
    const a = await findAccountById(db, id);
    if (a) out.set(id, { id, name: a.name, displayName: a.display_name });
  }
  return out;
}
