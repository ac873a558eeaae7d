import { SAML, ValidateInResponseTo, type CacheItem, type CacheProvider } from '@node-saml/node-saml';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { pemOf } from './idp-metadata.ts';
import type { SpCredentials, SpUrls } from './sp-credentials.ts';
import { findOpenRequest, insertRequest, purgeExpiredRequests, type SsoConfig } from './sso.repo.ts';

/** How long an AuthnRequest may wait for its response. */
export const REQUEST_TTL_MS = 10 * 60_000;
/** Clock difference tolerated between the IdP and us. */
export const CLOCK_SKEW_MS = 60_000;

export interface RequestContext {
  isFirstLogin: boolean;
  service: string | null;
}

/**
 * node-saml keeps the ids of requests it sent in a cache so that a response must answer one
 * (InResponseTo). Ours is the sso_requests table: requests survive restarts and are shared by every
 * instance. Saving records the request with its partner and context; reading finds it while it is
 * open. Consuming it (once) is the ACS's transaction's job, so removal here does nothing.
 *
 * Time here is wall-clock time (deps.wallClock), as for signatures and tokens: SAML validity windows
 * are agreed with another party's real clock, and moving the sandbox's business clock must neither
 * expire nor revive them. node-saml itself checks NotBefore/NotOnOrAfter against the system clock,
 * which is the wall clock in production.
 */
function requestStore(deps: Pick<Deps, 'db' | 'wallClock'>, config: SsoConfig, context: RequestContext | null): CacheProvider {
  return {
    async saveAsync(key: string, value: string): Promise<CacheItem | null> {
      if (!context) throw new Error('this SAML client does not send requests');
      const now = deps.wallClock.now();
      // Anyone may start a login, so requests nobody answered are cleared as new ones arrive.
      await purgeExpiredRequests(deps.db.kysely, iso(new Date(now.getTime() - CLOCK_SKEW_MS)));
      await insertRequest(deps.db.kysely, {
        id: key,
        xaccount_type: config.xaccount_type,
        is_first_login: context.isFirstLogin ? 1 : 0,
        service: context.service,
        created_at: iso(now),
        expires_at: iso(new Date(now.getTime() + REQUEST_TTL_MS)),
        consumed_at: null,
      });
      return { value, createdAt: now.getTime() };
    },
    async getAsync(key: string): Promise<string | null> {
      const row = await findOpenRequest(deps.db.kysely, key, iso(deps.wallClock.now()));
      return row && row.xaccount_type === config.xaccount_type ? row.created_at : null;
    },
    async removeAsync(key: string | null): Promise<string | null> {
      return key;
    },
  };
}

/** A node-saml client for one partner's IdP, speaking as our SP. */
export function samlClient(deps: Pick<Deps, 'db' | 'wallClock' | 'ids'>, sp: SpCredentials, urls: SpUrls, config: SsoConfig, context: RequestContext | null): SAML {
  return new SAML({
    issuer: urls.entityId,
    audience: urls.entityId,
    callbackUrl: urls.acs,
    entryPoint: config.idp_sso_url,
    idpCert: (JSON.parse(config.idp_certificates) as string[]).map(pemOf),
    idpIssuer: config.idp_entity_id,
    privateKey: sp.privateKeyPem,
    publicCert: sp.certificatePem,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    // The IdP signs the assertion (enveloped signature); a signature over the whole response is optional.
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_TTL_MS,
    cacheProvider: requestStore(deps, config, context),
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    disableRequestedAuthnContext: true,
    authnRequestBinding: 'HTTP-Redirect',
    generateUniqueId: () => `_${deps.ids.hex32()}`,
  });
}
