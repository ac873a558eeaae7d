/**
 * Shared pieces of the authentication suite: the gateway-rejection assertion, a signer that lets a
 * test choose the X-Sdk-Date text and the SignedHeaders list (built from the official AKSKSigner's
 * own canonicalisation functions, for shapes `AKSKSigner.sign` would never produce), raw HTTP for
 * what fetch refuses to send, and a count of the rows a rejected request must not have written.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import url from 'node:url';
import { sql } from 'kysely';
import type { TestApp } from '../support/app.ts';
import type { Credentials } from '../support/sdk.ts';

const require = createRequire(import.meta.url);

interface SignerStatics {
  CanonicalURI(path: string): string;
  CanonicalQueryString(r: { queryParams: Record<string, unknown> }): string;
  buildCanonicalHeaders(headers: Record<string, string>): string;
  buildPayloadHash(r: { headers: Record<string, string>; data?: unknown }): string;
  buildCanonicalRequest(method: string, uri: string, query: string, headers: string, signed: string, payload: string): string;
  getStringToSign(algorithm: string, date: string, hash: string): string;
  Hex(s: string): string;
  hmacSHA256(key: string, s: string): string;
  SDK_SIGNING_ALGORITHM: string;
  sign(r: { method: string; endpoint: string; headers: Record<string, string>; queryParams?: Record<string, unknown>; data?: unknown }, c: { getAk(): string; getSk(): string }): Record<string, string>;
}
export const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as { AKSKSigner: SignerStatics };

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** The 401 every authentication failure gives: Huawei's gateway body, with a request id. */
export function assertGatewayReject(res: { status: number; body: Record<string, unknown> }, message = 'verify aksk signature fail'): void {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.deepEqual(Object.keys(res.body).sort(), ['error_code', 'error_msg', 'request_id']);
  assert.equal(res.body.error_code, 'APIGW.0301');
  assert.match(String(res.body.error_msg), /^Incorrect IAM authentication information: /);
  assert.ok(String(res.body.error_msg).includes(message), `error_msg ${String(res.body.error_msg)} lacks "${message}"`);
  assert.match(String(res.body.request_id), /^[A-Za-z0-9._-]+$/);
}

/**
 * The request got through authentication and the role check to the operation itself. Most
 * operations are still being built, so their own answer may be a success, 501 PBSS.0501 (not built
 * yet), or a business error of the CBC.99xxxxxx or CBC.30xxxxxx families (CBC.30000010 invalid order)
 * for the made-up ids these tests send; never an authentication, role or routing failure.
 */
export function assertReachedOperation(res: { status: number; body: Record<string, unknown> }): void {
  const code = String(res.body.error_code ?? '');
  const reached =
    (res.status >= 200 && res.status < 300) || (res.status === 501 && code === 'PBSS.0501') || (res.status >= 400 && res.status < 500 && /^CBC\.(99|30)\d{6}$/.test(code));
  assert.ok(reached, `did not reach the operation: ${res.status} ${JSON.stringify(res.body)}`);
}

/** `20260301T120000Z` for a Date, as the signers write X-Sdk-Date. */
export const sdkDate = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface ManualRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Signs the way `AKSKSigner.sign` does, step for step with its own functions, except that the
 * X-Sdk-Date text is used as given (sign() reparses it with moment, which cannot carry a malformed
 * date) and only the headers named in `signed` enter SignedHeaders (all of them by default).
 * Returns the headers to send, Host excluded (the HTTP client sets it).
 */
export function signManually(baseUrl: string, creds: Credentials, req: ManualRequest, opts: { date?: string; signed?: string[] } = {}): Record<string, string> {
  const host = new URL(baseUrl).host;
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (creds.domainId) headers['X-Domain-Id'] = creds.domainId;
  if (opts.date !== undefined) headers['X-Sdk-Date'] = opts.date;
  const date = headers['X-Sdk-Date'] ?? sdkDate(new Date());
  headers['X-Sdk-Date'] = date;
  const all: Record<string, string> = { ...headers, host };
  const names = opts.signed ?? Object.keys(all).map((k) => k.toLowerCase());
  const signedHeaders = Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k.toLowerCase())));
  const signedNames = Object.keys(signedHeaders)
    .map((k) => k.toLowerCase())
    .sort()
    .join(';');
  // The signer parses with the legacy url.parse; so must we, to hand it the same pathname.
  const pathname = url.parse(`${baseUrl}${req.path}`, true).pathname ?? '/';
  const canonical = AKSKSigner.buildCanonicalRequest(
    req.method,
    AKSKSigner.CanonicalURI(pathname),
    AKSKSigner.CanonicalQueryString({ queryParams: req.query ?? {} }),
    AKSKSigner.buildCanonicalHeaders(signedHeaders),
    signedNames,
    AKSKSigner.buildPayloadHash({ headers, ...(req.body !== undefined ? { data: req.body } : {}) }),
  );
  const toSign = AKSKSigner.getStringToSign(AKSKSigner.SDK_SIGNING_ALGORITHM, date, AKSKSigner.Hex(canonical));
  const signature = AKSKSigner.hmacSHA256(creds.secret, toSign);
  return { ...headers, Authorization: `SDK-HMAC-SHA256 Access=${creds.access}, SignedHeaders=${signedNames}, Signature=${signature}` };
}

/** Sends a request built by `signManually` (query serialised as URLSearchParams does). */
export async function sendManual(baseUrl: string, creds: Credentials, req: ManualRequest, opts: { date?: string; signed?: string[] } = {}): Promise<HttpAnswer> {
  const headers = signManually(baseUrl, creds, req, opts);
  const query = new URLSearchParams(Object.entries(req.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
  const res = await fetch(`${baseUrl}${req.path}${query ? `?${query}` : ''}`, {
    method: req.method,
    headers,
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: Object.fromEntries(res.headers) };
}

/**
 * One request over node:http with headers given as a raw list, so names may repeat (fetch folds
 * or refuses a second Host) and the path goes out byte for byte. Content-Length is added for a
 * body, and Host when the list has none.
 */
export function rawRequest(baseUrl: string, req: { method: string; path: string; rawHeaders: string[]; body?: string }): Promise<HttpAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const headers = [...req.rawHeaders];
  if (req.body !== undefined) headers.push('Content-Length', String(Buffer.byteLength(req.body)));
  if (!headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'host')) headers.push('Host', `${hostname}:${port}`);
  return new Promise((resolve, reject) => {
    const r = http.request({ host: hostname, port, method: req.method, path: req.path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers });
      });
    });
    r.on('error', reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Rows that any accepted write touches: a rejected request must leave every count as it was. */
export async function stateCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['accounts', 'customers', 'users', 'access_keys', 'tokens', 'settings', 'jobs']) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.deps.db.kysely);
    out[table] = Number(rows[0]!.n);
  }
  return out;
}

/** Sets a header by name whatever its case in the record (signed headers keep the caller's case). */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  dropHeader(headers, name);
  headers[name] = value;
}

export function dropHeader(headers: Record<string, string>, name: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
}

export function getHeader(headers: Record<string, string>, name: string): string | undefined {
  const k = Object.keys(headers).find((x) => x.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : headers[k];
}

/** Changes one character: the first occurrence of `from` in `s` (which must contain it). */
export function flipFirst(s: string, from: string, to: string): string {
  const i = s.indexOf(from);
  assert.ok(i >= 0, `"${from}" not in "${s}"`);
  return s.slice(0, i) + to + s.slice(i + from.length);
}

/** A request exactly as it goes on the wire: tamper with any field, then `sendWire`. */
export interface Wire {
  method: string;
  path: string;
  /** Without the leading '?'. */
  query: string;
  /** Every header sent, Host included, names in the case the signer returned them. */
  headers: Record<string, string>;
  body: string | undefined;
}

/** Signs with the official `AKSKSigner.sign` and returns what would be sent. */
export function signWire(baseUrl: string, creds: Credentials, req: ManualRequest): Wire {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (creds.domainId) headers['X-Domain-Id'] = creds.domainId;
  const signed = AKSKSigner.sign(
    { method: req.method, endpoint: `${baseUrl}${req.path}`, headers, queryParams: req.query ?? {}, ...(req.body !== undefined ? { data: req.body } : {}) },
    { getAk: () => creds.access, getSk: () => creds.secret },
  );
  const query = new URLSearchParams(Object.entries(req.query ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
  return { method: req.method, path: req.path, query, headers: signed, body: req.body !== undefined ? JSON.stringify(req.body) : undefined };
}

export function sendWire(baseUrl: string, w: Wire): Promise<HttpAnswer> {
  return rawRequest(baseUrl, { method: w.method, path: `${w.path}${w.query ? `?${w.query}` : ''}`, rawHeaders: Object.entries(w.headers).flat(), body: w.body });
}
