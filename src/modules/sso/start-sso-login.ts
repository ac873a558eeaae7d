import type { Deps } from '../../platform/deps.ts';
import { samlClient } from './saml-client.ts';
import { spCredentials, spUrls } from './sp-credentials.ts';
import { findConfig } from './sso.repo.ts';
import { noAccessConfig } from './sso.errors.ts';

export interface StartLoginInput {
  xAccountType: string;
  isFirstLogin: boolean;
  /** Where the browser wants to end up (kept only when it is on this server, see safeService). */
  service: string | null;
}

/**
 * Where a login through a partner platform begins: finds the partner's IdP by platform identifier
 * and answers the IdP URL carrying a signed AuthnRequest (HTTP-Redirect binding: deflated, base64,
 * with SigAlg and an RSA-SHA256 Signature over the query). The request id is stored, so that only a
 * response to it is accepted, once.
 */
export async function startSsoLogin(deps: Deps, input: StartLoginInput, publicUrl: string): Promise<string> {
  const config = await findConfig(deps.db.kysely, input.xAccountType);
  if (!config) throw noAccessConfig(input.xAccountType);
  const sp = await spCredentials(deps);
  const urls = spUrls(publicUrl);
  const saml = samlClient(deps, sp, urls, config, { isFirstLogin: input.isFirstLogin, service: safeService(input.service, publicUrl) });
  return saml.getAuthorizeUrlAsync('', undefined, {});
}

/**
 * The landing target after sign-in, refusing open redirects: a path on this server (not `//host`),
 * or an absolute URL of this server's origin. Anything else lands on the console.
 */
export function safeService(service: string | null, publicUrl: string): string | null {
  if (!service) return null;
  if (service.length > 2048) return null;
  if (service.startsWith('/') && !service.startsWith('//') && !service.includes('\\')) return service;
  try {
    const url = new URL(service);
    return url.origin === new URL(publicUrl).origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}
