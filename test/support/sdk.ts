/**
 * Requests signed by the official signer: `@huaweicloud/huaweicloud-sdk-core`, the same code every
 * official Node SDK client runs. `bssClient` builds a client the way the BSS client's
 * `newBuilder()` does (GlobalCredentials: X-Domain-Id added and signed) and calls operations by
 * their SDK name; `signedFetch` signs an arbitrary request with the official AKSKSigner for the
 * shapes a generated client would never send.
 */
import { createRequire } from 'node:module';
import { OPERATIONS, type OperationName } from '../../src/contract/generated/operations.ts';
import type { DemoActor } from '../../src/modules/sandbox/index.ts';

const require = createRequire(import.meta.url);
// The same modules the generated service clients import.
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as {
  ClientBuilder: new (init: (c: HcClient) => HcClient, credentialType?: string) => {
    withCredential(c: unknown): { withEndpoint(e: string): { build(): HcClient } };
  };
};
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core') as {
  GlobalCredentials: new () => Cred;
};
interface Cred {
  withAk(a: string): Cred;
  withSk(s: string): Cred;
  withDomainId(d: string): Cred;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: SignableRequest, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

// The SDK logs every 4xx/5xx it receives, with the whole request, to stdout at level error; the
// tests assert on those errors, so the log is only noise.
(require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger') as { Logger4jInstance: { level: string } }).Logger4jInstance.level = 'off';

interface HcClient {
  sendRequest(options: Record<string, unknown>): Promise<Record<string, unknown> & { httpStatusCode: number }>;
}

export interface SdkResult {
  status: number;
  body: Record<string, unknown>;
}

export interface SdkError {
  status: number;
  errorCode?: string;
  errorMsg?: string;
  requestId?: string;
}

export interface Credentials {
  access: string;
  secret: string;
  domainId?: string;
}

export const credsOf = (a: DemoActor, withDomain = true): Credentials => ({
  access: a.access,
  secret: a.secret,
  ...(withDomain ? { domainId: a.accountId } : {}),
});

export function bssClient(endpoint: string, creds: Credentials) {
  let cred = new GlobalCredentials().withAk(creds.access).withSk(creds.secret);
  if (creds.domainId) cred = cred.withDomainId(creds.domainId);
  const client = new ClientBuilder((c) => c, 'GlobalCredentials').withCredential(cred).withEndpoint(endpoint).build();
  return {
    /** Calls an operation by its SDK name; resolves with the status and body, or rejects with the SDK's error. */
    async call(
      operation: OperationName,
      input: { body?: unknown; query?: Record<string, unknown>; pathParams?: Record<string, string>; headers?: Record<string, string> } = {},
    ): Promise<SdkResult> {
      const op = OPERATIONS[operation];
      const url = op.path.replace(/:(\w+)/g, '{$1}');
      try {
        const res = await client.sendRequest({
          method: op.method,
          url,
          contentType: 'application/json',
          pathParams: input.pathParams ?? {},
          queryParams: input.query ?? {},
          headers: { ...(input.headers ?? {}) },
          data: 'body' in input ? input.body : op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
        });
        const { httpStatusCode, ...body } = res;
        return { status: httpStatusCode, body };
      } catch (e) {
        throw toSdkError(e);
      }
    },
  };
}

function toSdkError(e: unknown): SdkError | unknown {
  const x = e as { httpStatusCode?: number; status?: number; errorCode?: string; errorMsg?: string; requestId?: string };
  if (typeof x?.httpStatusCode === 'number' || typeof x?.status === 'number') {
    return { status: x.httpStatusCode ?? x.status!, errorCode: x.errorCode, errorMsg: x.errorMsg, requestId: x.requestId };
  }
  return e;
}

/** Runs an SDK call expected to fail and returns its error. */
export async function expectSdkError(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    const err = e as SdkError;
    if (typeof err.status === 'number') return err;
    throw e;
  }
  throw new Error('expected the call to fail');
}

export interface SignableRequest {
  method: string;
  endpoint: string;
  headers: Record<string, string>;
  queryParams?: Record<string, unknown>;
  data?: unknown;
}

/**
 * Signs with the official AKSKSigner and sends with fetch. `url` is sent as given (so tests control
 * the exact bytes of path and query); `signPath` and `queryParams` are what the signer sees.
 */
export async function signedFetch(
  baseUrl: string,
  creds: Credentials,
  req: {
    method: string;
    path: string;
    query?: Record<string, string | string[]>;
    rawQuery?: string;
    headers?: Record<string, string>;
    body?: unknown;
    tamper?: (r: { url: string; headers: Record<string, string>; body: string | undefined }) => void;
  },
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (creds.domainId) headers['X-Domain-Id'] = creds.domainId;
  const signable: SignableRequest = {
    method: req.method,
    endpoint: `${baseUrl}${req.path}`,
    headers,
    queryParams: req.query ?? {},
    ...(req.body !== undefined ? { data: req.body } : {}),
  };
  const signed = AKSKSigner.sign(signable, { getAk: () => creds.access, getSk: () => creds.secret });
  const query = req.rawQuery ?? new URLSearchParams(Object.entries(req.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
  const sent = {
    url: `${baseUrl}${req.path}${query ? `?${query}` : ''}`,
    headers: { ...signed },
    body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
  };
  delete (sent.headers as Record<string, string>).host;
  req.tamper?.(sent);
  const res = await fetch(sent.url, { method: req.method, headers: sent.headers, body: sent.body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}
