import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { handleHash } from './sso-handles.ts';
import { findHandle } from './sso.repo.ts';
import { handleGone } from './sso.errors.ts';

/** What the binding page shows for an open binding handle: the platform user and a suggested account name. */
export async function describeBinding(deps: Deps, handle: string | undefined): Promise<{ platformUser: string; suggestedName: string }> {
  const row = handle ? await findHandle(deps.db.kysely, handleHash(handle)) : undefined;
  if (!row || row.kind !== 'bind' || row.used_at !== null || row.expires_at <= iso(deps.wallClock.now())) throw handleGone();
  const attributes = JSON.parse(row.attributes) as Record<string, string>;
  // The customer name attribute, when the platform sends one that fits the account-name rule.
  const name = attributes.domain_name ?? attributes.customerName ?? attributes.name ?? '';
  return { platformUser: row.xaccount_id, suggestedName: /^[A-Za-z_-][A-Za-z0-9_-]{4,31}$/.test(name) ? name : '' };
}
