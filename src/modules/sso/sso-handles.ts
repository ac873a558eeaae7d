import { createHash } from 'node:crypto';
import { iso } from '../../platform/deps.ts';
import { newOpaqueToken } from '../../platform/ids.ts';
import { insertHandle, type Conn, type SsoHandle } from './sso.repo.ts';

/** A handle to sign in with lives two minutes; one to bind an account, fifteen (a person types a password). */
export const LOGIN_HANDLE_TTL_MS = 2 * 60_000;
export const BIND_HANDLE_TTL_MS = 15 * 60_000;

export const handleHash = (handle: string) => createHash('sha256').update(handle).digest('hex');

/**
 * Issues a single-use handle for the browser (sent in an HttpOnly cookie, never in a URL): only its
 * hash is stored. Expiry is wall-clock time, like the tokens it leads to.
 */
export async function issueHandle(
  trx: Conn,
  now: Date,
  h: Pick<SsoHandle, 'kind' | 'xaccount_type' | 'xaccount_id' | 'customer_id' | 'user_id' | 'service'> & { attributes: Record<string, string> },
): Promise<string> {
  const handle = newOpaqueToken();
  const ttl = h.kind === 'login' ? LOGIN_HANDLE_TTL_MS : BIND_HANDLE_TTL_MS;
  await insertHandle(trx, {
    handle_hash: handleHash(handle),
    kind: h.kind,
    xaccount_type: h.xaccount_type,
    xaccount_id: h.xaccount_id,
    customer_id: h.customer_id,
    user_id: h.user_id,
    service: h.service,
    attributes: JSON.stringify(h.attributes),
    created_at: iso(now),
    expires_at: iso(new Date(now.getTime() + ttl)),
    used_at: null,
  });
  return handle;
}
