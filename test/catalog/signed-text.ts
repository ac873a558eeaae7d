import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Credentials } from '../support/sdk.ts';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: { method: string; endpoint: string; headers: Record<string, string>; queryParams: Record<string, unknown> }, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

/**
 * A request with a text body (CSV) and a text answer, signed by the official signer. The signer
 * hashes JSON bodies itself; for text it takes the declared X-Sdk-Content-Sha256, which the server
 * checks against the bytes it receives.
 */
export async function signedText(
  baseUrl: string,
  creds: Credentials,
  method: string,
  path: string,
  body?: { text: string; type: string },
): Promise<{ status: number; text: string; type: string | null }> {
  const headers: Record<string, string> = {};
  if (creds.domainId) headers['X-Domain-Id'] = creds.domainId;
  if (body) {
    headers['Content-Type'] = body.type;
    headers['X-Sdk-Content-Sha256'] = createHash('sha256').update(body.text, 'utf8').digest('hex');
  }
  const signed = AKSKSigner.sign({ method, endpoint: `${baseUrl}${path}`, headers, queryParams: {} }, { getAk: () => creds.access, getSk: () => creds.secret });
  delete signed.host;
  const res = await fetch(`${baseUrl}${path}`, { method, headers: signed, ...(body ? { body: body.text } : {}) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}
