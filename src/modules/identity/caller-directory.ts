import type { Deps } from '../../platform/deps.ts';
import type { Caller, CallerRole } from '../../platform/http/caller.ts';
import type { AccountKind, PartnerType, UserRole } from '../../platform/db/schema.ts';
import { findAccessKeyWithOwner, findTokenWithOwner } from './identity.repo.ts';
import { tokenHash } from './issue-token.ts';
import { announce, onNotice } from '../../platform/cluster-messages.ts';

export interface KeyEntry {
  secret: string;
  caller: Caller;
}

/** How the HTTP layer finds the caller behind an access key or a token. */
export interface CallerDirectory {
  byAccessKey(access: string): Promise<KeyEntry | null>;
  byToken(token: string): Promise<Caller | null>;
  /** Drops a cached key at once (after revocation in this process). */
  forget(access: string): void;
}

function roleOf(kind: AccountKind, partnerType: PartnerType | null, userRole: UserRole): CallerRole {
  switch (kind) {
    case 'operator':
      return 'operator';
    case 'customer':
      return 'customer';
    case 'partner':
      if (userRole === 'partner_operator') return 'partner_operator';
      return partnerType ?? 'solution_provider';
  }
}

interface OwnerRow {
  user_id: string;
  user_role: UserRole;
  account_id: string;
  account_name: string;
  kind: AccountKind;
  partner_type: PartnerType | null;
  parent_id: string | null;
}

const toCaller = (r: OwnerRow, credential: Caller['credential'], delegatedBy: string | null): Caller => ({
  accountId: r.account_id,
  accountName: r.account_name,
  userId: r.user_id,
  role: delegatedBy ? 'customer' : roleOf(r.kind, r.partner_type, r.user_role),
  partnerType: r.partner_type,
  parentId: r.parent_id,
  credential,
  delegatedBy,
});

/**
 * Looks callers up in the database, caching access keys briefly: the secret must be decrypted for
 * every signature check, and most traffic reuses a handful of keys. A revoked key stops working at
 * once in the process that revoked it and in the other server processes of a cluster (it tells them),
 * and within `ttlMs` in any other process (the CLI, another host).
 */
export function createCallerDirectory(deps: Deps, ttlMs = 5000): CallerDirectory {
  const cache = new Map<string, { at: number; entry: KeyEntry | null }>();
  // Another server process revoked it: drop it here too, at once.
  onNotice((notice) => {
    if (notice.kind === 'key-revoked') cache.delete(notice.access);
  });
  return {
    async byAccessKey(access) {
      const now = deps.wallClock.now().getTime();
      const hit = cache.get(access);
      if (hit && now - hit.at < ttlMs) return hit.entry;
      const row = await findAccessKeyWithOwner(deps.db.kysely, access);
      const entry =
        row && row.status === 'active' && row.account_status === 'active'
          ? { secret: deps.secretBox.open(row.secret_sealed), caller: toCaller(row, 'aksk', null) }
          : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(access, { at: now, entry });
      return entry;
    },
    async byToken(token) {
      if (token.length > 512) return null;
      const row = await findTokenWithOwner(deps.db.kysely, tokenHash(token));
      if (!row || row.account_status !== 'active') return null;
      if (row.expires_at <= deps.wallClock.now().toISOString()) return null;
      // An exchanged token dies with the partner that obtained it.
      if (row.acting_account_id) {
        const acting = await deps.db.kysely.selectFrom('accounts').select('status').where('id', '=', row.acting_account_id).executeTakeFirst();
        if (acting?.status !== 'active') return null;
      }
      return toCaller(row, 'token', row.acting_account_id);
    },
    forget(access) {
      cache.delete(access);
      announce({ kind: 'key-revoked', access });
    },
  };
}
