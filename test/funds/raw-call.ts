/**
 * A signed request whose response is kept as raw text, to compare replays byte for byte. Signed by
 * the official SDK signer (AKSKSigner), as every other API test.
 */
import { createRequire } from 'node:module';
import type { Credentials } from '../support/sdk.ts';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: unknown, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

/** Signs a JSON request as the official SDK does: the headers to send (Host left to the client) and the body. */
export function signJson(
  baseUrl: string,
  creds: Credentials,
  req: { method: string; path: string; body?: unknown; headers?: Record<string, string> },
): { headers: Record<string, string>; body: string | undefined } {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(req.headers ?? {}) };
  if (creds.domainId) headers['X-Domain-Id'] = creds.domainId;
  const signed = AKSKSigner.sign(
    { method: req.method, endpoint: `${baseUrl}${req.path}`, headers, queryParams: {}, ...(req.body !== undefined ? { data: req.body } : {}) },
    { getAk: () => creds.access, getSk: () => creds.secret },
  );
  delete signed.host;
  return { headers: signed, body: req.body !== undefined ? JSON.stringify(req.body) : undefined };
}

export async function rawCall(
  baseUrl: string,
  creds: Credentials,
  req: { method: string; path: string; body?: unknown; headers?: Record<string, string> },
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const signed = signJson(baseUrl, creds, req);
  const res = await fetch(`${baseUrl}${req.path}`, { method: req.method, headers: signed.headers, body: signed.body });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
