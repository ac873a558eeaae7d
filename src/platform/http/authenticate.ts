import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Caller } from './caller.ts';
import { parseAuthorization, verifySignature, type SignatureFailure } from './signature.ts';
import type { KeyLockouts } from './lockouts.ts';
import { rawBodyOf, splitUrl } from './raw-body.ts';
import { isMultipart } from './multipart.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route takes multipart/form-data uploads that the official SDKs sign with
     * `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (see ReceivedRequest.unsignedPayloadAllowed). Only
     * such a request on such a route may leave its body out of the signature.
     */
    unsignedMultipartPayload?: boolean;
  }
}

export interface CallerLookup {
  byAccessKey(access: string): Promise<{ secret: string; caller: Caller } | null>;
  byToken(token: string): Promise<Caller | null>;
}

const authFailed = (detail: string) =>
  new AppError('APIGW.0301', `Incorrect IAM authentication information: ${detail}`);

/**
 * Establishes the caller of a request: an SDK-HMAC-SHA256 signature (Authorization header) or a
 * token (X-Auth-Token). The reason a signature failed is logged, never returned: the caller learns
 * only that verification failed.
 */
export async function authenticate(
  request: FastifyRequest,
  lookup: CallerLookup,
  lockouts: KeyLockouts,
  wallClock: Clock,
): Promise<Caller> {
  const authorization = request.headers.authorization;
  const token = request.headers['x-auth-token'];
  if (typeof authorization === 'string' && authorization !== '') {
    return bySignature(request, authorization, lookup, lockouts, wallClock);
  }
  if (typeof token === 'string' && token !== '') {
    const caller = await lookup.byToken(token);
    if (!caller) throw new AppError('CBC.0154', 'token is invalid or has expired');
    checkDomainHeader(request, caller);
    return caller;
  }
  throw authFailed('Authorization or X-Auth-Token header not found');
}

async function bySignature(
  request: FastifyRequest,
  authorization: string,
  lookup: CallerLookup,
  lockouts: KeyLockouts,
  wallClock: Clock,
): Promise<Caller> {
  const parsed = parseAuthorization(authorization);
  if (!parsed) throw authFailed('verify aksk signature fail');
  if (lockouts.isLocked(parsed.access)) throw authFailed('AK access failed to reach the limit,forbidden');
  const entry = await lookup.byAccessKey(parsed.access);
  const { path, query } = splitUrl(request.raw.url ?? '/');
  // An unknown key is checked against a throwaway secret, so that timing does not tell which keys exist.
  const failure: SignatureFailure | null = verifySignature(
    {
      method: request.method,
      rawPath: path,
      rawQuery: query,
      header: (name) => {
        const v = request.headers[name];
        return Array.isArray(v) ? v.join(',') : v;
      },
      body: rawBodyOf(request),
      unsignedPayloadAllowed: request.routeOptions.config.unsignedMultipartPayload === true && isMultipart(request.headers['content-type']),
    },
    parsed,
    entry?.secret ?? UNKNOWN_KEY_SECRET,
    wallClock.now(),
  );
  if (!entry) {
    request.log.info({ reason: 'unknown-access-key' }, 'signature rejected');
    throw authFailed('verify aksk signature fail');
  }
  if (failure) {
    lockouts.recordFailure(parsed.access);
    request.log.info({ reason: failure, access: parsed.access }, 'signature rejected');
    throw authFailed(failure === 'date-out-of-window' ? 'request expired' : 'verify aksk signature fail');
  }
  // A valid signature with another account's X-Domain-Id is still a failed authentication.
  try {
    checkDomainHeader(request, entry.caller);
  } catch (err) {
    lockouts.recordFailure(parsed.access);
    throw err;
  }
  lockouts.recordSuccess(parsed.access);
  return entry.caller;
}

const UNKNOWN_KEY_SECRET = 'unknown-access-key-placeholder-secret-00';

/** X-Domain-Id, when sent, must name the caller's own account. */
function checkDomainHeader(request: FastifyRequest, caller: Caller): void {
  const domain = request.headers['x-domain-id'];
  if (domain !== undefined && domain !== caller.accountId && domain !== caller.delegatedBy) {
    throw authFailed('X-Domain-Id does not match the credential');
  }
}
