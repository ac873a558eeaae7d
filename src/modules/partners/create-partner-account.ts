import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { PartnerType } from '../../platform/db/schema.ts';
import { findAccountById, findAccountByName, insertAccount, insertUser } from '../identity/index.ts';
import { invalidInput, nameTaken, partnerNotFound } from '../identity/index.ts';
import { ACCOUNT_NAME_RE } from '../identity/index.ts';

export interface CreatePartnerInput {
  name: string;
  displayName?: string;
  partnerType: PartnerType;
  /** Required for a tier-2 reseller: its tier-1 distributor. */
  parentId?: string | null;
  isDemo?: boolean;
  /** Fixed id, for the demo's well-known actors. */
  id?: string;
}

export interface PartnerRecord {
  id: string;
  name: string;
  display_name: string;
  partner_type: PartnerType;
  parent_id: string | null;
  created_at: string;
}

/** Creates a partner account (solution provider, tier-1 distributor or tier-2 reseller) and its root user. */
export async function createPartnerAccount(deps: Deps, input: CreatePartnerInput): Promise<PartnerRecord> {
  if (!ACCOUNT_NAME_RE.test(input.name)) {
    throw invalidInput('name must be 5-32 characters: letters, digits, _ or -, starting with a letter, _ or -');
  }
  const parentId = input.parentId ?? null;
  if (input.partnerType === 'reseller' && !parentId) throw invalidInput('a reseller needs parent_id (its tier-1 distributor)');
  if (input.partnerType !== 'reseller' && parentId) throw invalidInput('only a reseller has a parent_id');
  const now = iso(deps.clock.now());
  const id = input.id ?? deps.ids.hex32();
  return deps.db.kysely.transaction().execute(async (trx) => {
    if (parentId) {
      const parent = await findAccountById(trx, parentId);
      if (!parent || parent.kind !== 'partner') throw partnerNotFound(parentId);
      if (parent.partner_type !== 'distributor') throw invalidInput('parent_id must be a tier-1 distributor');
    }
    if (await findAccountByName(trx, input.name)) throw nameTaken(input.name);
    const row = {
      id,
      name: input.name,
      kind: 'partner' as const,
      partner_type: input.partnerType,
      parent_id: parentId,
      display_name: input.displayName ?? input.name,
      status: 'active' as const,
      is_demo: input.isDemo ? 1 : 0,
      created_at: now,
    };
    await insertAccount(trx, row);
    await insertUser(trx, { id: deps.ids.hex32(), account_id: id, name: input.name, password_hash: null, role: 'root', created_at: now });
    return { id, name: row.name, display_name: row.display_name, partner_type: input.partnerType, parent_id: parentId, created_at: now };
  });
}
