/**
 * Requests signed by the official AKSKSigner but built by hand, for what the SDK helpers cannot
 * show: binary downloads with their headers, and uploads whose payload hash, content type or route
 * differ from what the SDK would send.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { credsOf, type Credentials } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: Record<string, unknown>, credential: { getAk(): string; getSk(): string }): Record<string, string> };
};

export interface RawResponse {
  status: number;
  contentType: string | null;
  disposition: string | null;
  data: Buffer;
  json(): Record<string, unknown>;
}

export async function sendSigned(
  baseUrl: string,
  creds: Credentials,
  req: { method: string; path: string; headers?: Record<string, string>; body?: Buffer; query?: Record<string, string> },
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'X-Request-Id': randomUUID().replaceAll('-', ''), ...(req.headers ?? {}) };
  if (creds.domainId) headers['X-Domain-Id'] = creds.domainId;
  const signed = AKSKSigner.sign(
    { method: req.method, endpoint: `${baseUrl}${req.path}`, headers, queryParams: req.query ?? {}, ...(req.body ? { data: req.body } : {}) },
    { getAk: () => creds.access, getSk: () => creds.secret },
  );
  delete signed.host;
  // The signer leaves a multipart content-type out of what it returns (its boundary is chosen
  // after signing); the SDK's HTTP client puts it back, and so does this.
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    if (!Object.keys(signed).some((s) => s.toLowerCase() === k.toLowerCase())) signed[k] = v;
  }
  const query = new URLSearchParams(req.query ?? {}).toString();
  const res = await fetch(`${baseUrl}${req.path}${query ? `?${query}` : ''}`, { method: req.method, headers: signed, body: req.body ? new Uint8Array(req.body) : undefined });
  const data = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    data,
    json: () => JSON.parse(data.toString('utf8')) as Record<string, unknown>,
  };
}

export const signedFetchRaw = (baseUrl: string, actorKey: string, path: string) => sendSigned(baseUrl, credsOf(demoActor(actorKey)), { method: 'GET', path });

/** A multipart body by hand: one `file` part (optionally named) and one `form_data` field. */
export function multipartBody(file: Buffer, formData: string, fileName?: string): { body: Buffer; contentType: string } {
  const boundary = '----pbss-test-boundary-7d1e';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"${fileName ? `; filename="${fileName}"` : ''}\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="form_data"\r\n\r\n${formData}\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
