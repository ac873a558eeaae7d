import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { CLOCK_SKEW_MS, samlClient } from './saml-client.ts';
import { Refusal, checkResponseEnvelope, checkVerifiedAssertion, inResponseToOf } from './saml-checks.ts';
import { UnsafeXmlError } from './safe-xml.ts';
import { issueHandle } from './sso-handles.ts';
import { spCredentials, spUrls } from './sp-credentials.ts';
import {
  consumeRequest,
  findBoundCustomer,
  findConfig,
  findOpenRequest,
  findRootUser,
  purgeExpiredAssertions,
  purgeExpiredHandles,
  purgeExpiredRequests,
  rememberAssertion,
} from './sso.repo.ts';
import { responseRefused } from './sso.errors.ts';

/** A base64 SAMLResponse larger than this is refused unread. */
export const MAX_RESPONSE_BASE64 = 1024 * 1024;

export interface AcsOutcome {
  /** login: the browser goes on to its console session; bind: the platform user has no account yet. */
  kind: 'login' | 'bind';
  handle: string;
}

/**
 * The assertion consumer service. A response is accepted only when it answers an open request of
 * ours (InResponseTo) and node-saml verifies the assertion's signature with the certificates of that
 * request's partner IdP; then the signed assertion itself must name the IdP as issuer, us as
 * audience and recipient, our request, and now within its windows (wall clock, see saml-client.ts).
 * The request is consumed and the assertion remembered (replay cache) in the transaction that
 * issues the browser's handle, so a response is accepted once. A bound platform user gets a login
 * handle; an unbound one a binding handle. Refusals look alike from outside and create nothing.
 */
export async function consumeSamlResponse(deps: Deps, samlResponse: string, publicUrl: string): Promise<AcsOutcome> {
  try {
    return await accept(deps, samlResponse, publicUrl);
  } catch (err) {
    if (err instanceof Refusal || err instanceof UnsafeXmlError || (err instanceof Error && !('code' in err))) {
      deps.log.warn({ reason: err.message }, 'SAML response refused');
      throw responseRefused();
    }
    throw err;
  }
}

async function accept(deps: Deps, samlResponse: string, publicUrl: string): Promise<AcsOutcome> {
  if (samlResponse.length === 0 || samlResponse.length > MAX_RESPONSE_BASE64 || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) throw new Refusal('SAMLResponse is not base64 of acceptable size');
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const requestId = inResponseToOf(xml);
  const now = deps.wallClock.now();
  const request = await findOpenRequest(deps.db.kysely, requestId, iso(now));
  if (!request) throw new Refusal('InResponseTo names no open request of ours');
  const config = await findConfig(deps.db.kysely, request.xaccount_type);
  if (!config) throw new Refusal('the request\u2019s platform is no longer configured');

  const urls = spUrls(publicUrl);
  checkResponseEnvelope(xml, { acs: urls.acs, issuer: config.idp_entity_id });
  const saml = samlClient(deps, await spCredentials(deps), urls, config, null);
  const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (!profile) throw new Refusal('no assertion');
  const assertion = checkVerifiedAssertion(profile.getAssertionXml!(), {
    acs: urls.acs,
    audience: urls.entityId,
    issuer: config.idp_entity_id,
    requestId,
    now: deps.wallClock.now(),
    skewMs: CLOCK_SKEW_MS,
  });

  return deps.db.kysely.transaction().execute(async (trx) => {
    const at = deps.wallClock.now();
    const stale = iso(new Date(at.getTime() - CLOCK_SKEW_MS));
    await purgeExpiredAssertions(trx, stale);
    await purgeExpiredRequests(trx, stale);
    await purgeExpiredHandles(trx, stale);
    if (!(await consumeRequest(trx, requestId, iso(at)))) throw new Refusal('the request was already answered or expired');
    const fresh = await rememberAssertion(trx, { issuer: assertion.issuer, assertion_id: assertion.id, not_on_or_after: iso(assertion.notOnOrAfter), received_at: iso(at) });
    if (!fresh) throw new Refusal('assertion replayed');

    const bound = await findBoundCustomer(trx, config.xaccount_type, assertion.nameId);
    const owned = bound && (bound.partner_id === config.partner_id || bound.partner_parent_id === config.partner_id);
    const user = owned ? await findRootUser(trx, bound.id) : undefined;
    const common = { xaccount_type: config.xaccount_type, xaccount_id: assertion.nameId, service: request.service, attributes: assertion.attributes };
    if (bound && !owned) throw new Refusal('the platform user is bound to a customer of another partner');
    if (bound && user) return { kind: 'login' as const, handle: await issueHandle(trx, at, { kind: 'login', customer_id: bound.id, user_id: user.id, ...common }) };
    // Not bound yet (whether or not the platform said isFirstLogin): offer the binding.
    return { kind: 'bind' as const, handle: await issueHandle(trx, at, { kind: 'bind', customer_id: null, user_id: null, ...common }) };
  });
}
