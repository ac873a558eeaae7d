import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { issueTokenForSso } from '../identity/index.ts';
import { handleHash } from './sso-handles.ts';
import { useHandle } from './sso.repo.ts';
import { handleGone } from './sso.errors.ts';

export interface SsoSession {
  token: string;
  expires_at: string;
  /** Where the console should open (a path on this server). */
  service: string;
}

/**
 * Turns a login handle (from the browser's cookie, once, within two minutes) into a console
 * session: an IAM token of the bound customer's user, answered in a POST body so that it never
 * appears in a URL, a log or a Referer.
 */
export async function openSsoSession(deps: Deps, handle: string | undefined): Promise<SsoSession> {
  if (!handle) throw handleGone();
  const row = await useHandle(deps.db.kysely, handleHash(handle), 'login', iso(deps.wallClock.now()));
  if (!row || !row.customer_id || !row.user_id) throw handleGone();
  const issued = await issueTokenForSso(deps, { userId: row.user_id, accountId: row.customer_id });
  return { token: issued.token, expires_at: issued.expiresAt.toISOString(), service: row.service ?? '/console/' };
}
