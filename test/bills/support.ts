/** Helpers for the bills tests: signed requests for files (the export answers bytes, not JSON). */
import { createRequire } from 'node:module';
import type { Credentials } from '../support/sdk.ts';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: { method: string; endpoint: string; headers: Record<string, string>; queryParams?: Record<string, unknown> }, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

/** GET /v2/extension/bills/export signed by the official signer; the answer's bytes and headers. */
export async function fetchExport(baseUrl: string, creds: Credentials, query: Record<string, string>) {
  const path = '/v2/extension/bills/export';
  const headers: Record<string, string> = creds.domainId ? { 'X-Domain-Id': creds.domainId } : {};
  const signed = AKSKSigner.sign({ method: 'GET', endpoint: `${baseUrl}${path}`, headers, queryParams: query }, { getAk: () => creds.access, getSk: () => creds.secret });
  delete signed.host;
  const res = await fetch(`${baseUrl}${path}?${new URLSearchParams(query).toString()}`, { headers: signed });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}
