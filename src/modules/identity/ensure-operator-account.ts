import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { findAccountByName, insertAccount, insertUser } from './identity.repo.ts';

/** The platform operator's account: created once, on first start or first seed. */
export async function ensureOperatorAccount(deps: Deps, input: { name: string; id?: string; isDemo?: boolean }): Promise<{ id: string; name: string }> {
  return deps.db.kysely.transaction().execute(async (trx) => {
    const existing = await findAccountByName(trx, input.name);
    if (existing) return { id: existing.id, name: existing.name };
    const now = iso(deps.clock.now());
    const id = input.id ?? deps.ids.hex32();
    await insertAccount(trx, {
      id,
      name: input.name,
      kind: 'operator',
      partner_type: null,
      parent_id: null,
      display_name: 'Platform operator',
      status: 'active',
      is_demo: input.isDemo ? 1 : 0,
      created_at: now,
    });
    await insertUser(trx, { id: deps.ids.hex32(), account_id: id, name: input.name, password_hash: null, role: 'root', created_at: now });
    return { id, name: input.name };
  });
}
