/**
 * Calls the work-order API the way the official Node SDK's generated OsmClient does: an HcClient
 * from @huaweicloud/huaweicloud-sdk-core with GlobalCredentials (so X-Domain-Id is added and
 * signed), `sendRequest` with the operation's method, url, contentType and data. Uploads build a
 * `form-data` FormData as the generated uploadAccessory does, so the core adds
 * `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` and the signer drops content-type.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import FormData from 'form-data';
import { credsOf, type Credentials } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';

const require = createRequire(import.meta.url);
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as {
  ClientBuilder: new (init: (c: HcClient) => HcClient, credentialType?: string) => {
    withCredential(c: unknown): { withEndpoint(e: string): { build(): HcClient } };
  };
};
const { GlobalCredentials } = require('@huaweicloud/huaweicloud-sdk-core') as { GlobalCredentials: new () => Cred };
(require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger') as { Logger4jInstance: { level: string } }).Logger4jInstance.level = 'off';

interface Cred {
  withAk(a: string): Cred;
  withSk(s: string): Cred;
  withDomainId(d: string): Cred;
}
interface HcClient {
  sendRequest(options: Record<string, unknown>): Promise<Record<string, unknown> & { httpStatusCode: number }>;
}

export interface OsmResult {
  status: number;
  body: Record<string, unknown>;
}

export class OsmError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly errorMsg: string | undefined,
  ) {
    super(`${status} ${errorCode}: ${errorMsg}`);
  }
}

export interface OsmRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** With {case_id} / {accessory_id} placeholders, as the generated client writes it. */
  url: string;
  pathParams?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

export function osmClient(endpoint: string, creds: Credentials) {
  let cred = new GlobalCredentials().withAk(creds.access).withSk(creds.secret);
  if (creds.domainId) cred = cred.withDomainId(creds.domainId);
  const client = new ClientBuilder((c) => c, 'GlobalCredentials').withCredential(cred).withEndpoint(endpoint).build();
  const send = async (req: OsmRequest): Promise<OsmResult> => {
    try {
      const res = await client.sendRequest({
        method: req.method,
        url: req.url,
        contentType: req.contentType ?? 'application/json',
        pathParams: req.pathParams ?? {},
        queryParams: req.query ?? {},
        // A fresh X-Request-Id (signed like every header) makes two identical writes in one second
        // two signatures: the server refuses a reused signature on a write (replay-guard.ts).
        headers: { 'X-Request-Id': randomUUID().replaceAll('-', ''), ...(req.headers ?? {}) },
        data: req.body ?? (req.method === 'GET' || req.method === 'DELETE' ? undefined : {}),
      });
      const { httpStatusCode, ...body } = res;
      return { status: httpStatusCode, body };
    } catch (e) {
      const x = e as { httpStatusCode?: number; status?: number; errorCode?: string; errorMsg?: string };
      if (typeof x?.httpStatusCode === 'number' || typeof x?.status === 'number') throw new OsmError(x.httpStatusCode ?? x.status!, x.errorCode, x.errorMsg);
      throw e;
    }
  };
  return {
    send,
    /** uploadAccessory: multipart with parts `file` and `form_data`, as the generated client sends them. */
    upload(file: Buffer, formData: string, fileOptions?: { filename?: string; contentType?: string }) {
      const form = new FormData();
      form.append('file', file, fileOptions);
      form.append('form_data', formData);
      return send({ method: 'POST', url: '/v2/servicerequest/accessorys', contentType: 'multipart/form-data', body: form, headers: { 'Content-Type': 'multipart/form-data' } });
    },
  };
}

export type Osm = ReturnType<typeof osmClient>;

/** Clients for the demo actors, by key. */
export function actors(endpoint: string) {
  const of = (key: string) => osmClient(endpoint, credsOf(demoActor(key)));
  return {
    operator: of('operator'),
    distributor: of('distributor'),
    resellerOne: of('reseller_one'),
    resellerTwo: of('reseller_two'),
    provider: of('solution_provider'),
    partnerOps: of('partner_operator'),
    resale: of('resale_customer'),
    referral: of('referral_customer'),
    resellerCustomer: of('reseller_customer'),
    providerCustomer: of('provider_customer'),
  };
}

/** Runs a call expected to fail and returns its error. */
export async function failure(p: Promise<unknown>): Promise<OsmError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof OsmError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

export const SOURCE_ID = '83aeb0f2834c4df49826c781d32a963e';

/** A minimal valid PNG (1x1). */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5e8b20000000049454e44ae426082',
  'hex',
);

export const fileMeta = (fileName: string, accessoryFrom = 'incident') => JSON.stringify({ fileName, accessoryFrom, uploadType: 0 });

/** Opens a case with the fewest fields a problem type allows. */
export async function openCase(osm: Osm, body: Record<string, unknown> = {}): Promise<string> {
  const res = await osm.send({
    method: 'POST',
    url: '/v2/servicerequest/cases',
    body: { business_type_id: 'bt-usage', simple_description: 'How do I resize a disk?', source_id: SOURCE_ID, ...body },
  });
  return String(res.body.incident_id);
}

export const act = (osm: Osm, caseId: string, action: string, body: Record<string, unknown> = {}) =>
  osm.send({ method: 'POST', url: '/v2/servicerequest/cases/{case_id}/action', pathParams: { case_id: caseId }, query: { action_id: action }, body });

export const write = (osm: Osm, caseId: string, content: string, accessoryIds?: string[]) =>
  osm.send({
    method: 'POST',
    url: '/v2/servicerequest/cases/{case_id}/message',
    pathParams: { case_id: caseId },
    body: { message: { content, ...(accessoryIds ? { accessory_ids: accessoryIds } : {}) } },
  });

export const detail = async (osm: Osm, caseId: string) =>
  (await osm.send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}', pathParams: { case_id: caseId } })).body.incident_detail_info as Record<string, unknown> & {
    status: number;
    message_list: Array<Record<string, unknown> & { accessory_list: Array<{ accessory_id: string; file_actual_name: string }> }>;
  };

export const statusOf = async (osm: Osm, caseId: string) =>
  (await osm.send({ method: 'GET', url: '/v2/servicerequest/cases/{case_id}/status', pathParams: { case_id: caseId } })).body.status as number;

export const listIds = async (osm: Osm, query: Record<string, unknown> = {}) =>
  ((await osm.send({ method: 'GET', url: '/v2/servicerequest/cases', query: { limit: 100, ...query } })).body.incident_info_list as Array<{ incident_id: string }>).map((c) => c.incident_id);
