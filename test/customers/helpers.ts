/**
 * Shared pieces of the customer tests: SDK clients of the demo actors, the operator plane, the
 * verification-code outbox, uploads into a partner's bucket (signed by the official signer with
 * the body's hash), sample attachment bytes and row counts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { TestApp } from '../support/app.ts';
import { bssClient, credsOf, signedFetch, type Credentials } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import type { DB } from '../../src/platform/db/schema.ts';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(r: { method: string; endpoint: string; headers: Record<string, string>; queryParams?: Record<string, unknown> }, c: { getAk(): string; getSk(): string }): Record<string, string> };
};

export const creds = (key: string): Credentials => credsOf(demoActor(key));
let requestSeq = 0;
/**
 * A unique X-Request-Id for each request. It is signed like any header, so two identical calls in
 * the same second (X-Sdk-Date has one-second resolution) still carry different signatures, which
 * the platform's replay guard requires of POSTs (and BSS queries are POSTs).
 */
export const requestId = () => `cust-test-${process.pid}-${++requestSeq}`;

/** An SDK client of a demo actor whose calls each carry a fresh X-Request-Id. */
export function client(t: TestApp, key: string) {
  return withRequestIds(bssClient(t.url, creds(key)));
}

export function withRequestIds(c: ReturnType<typeof bssClient>): ReturnType<typeof bssClient> {
  return {
    call: (operation, input = {}) => c.call(operation, { ...input, headers: { 'X-Request-Id': requestId(), ...(input.headers ?? {}) } }),
  };
}
export const actorId = (key: string) => demoActor(key).accountId;

export async function operator(t: TestApp, method: string, path: string, body?: unknown) {
  const [bare, search] = path.split('?');
  return signedFetch(t.url, creds('operator'), {
    method,
    path: bare!,
    ...(search ? { query: Object.fromEntries(new URLSearchParams(search)) } : {}),
    headers: { 'X-Request-Id': requestId(), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
}

let mobileSeq = 0;
/** A mobile number no other test in this process uses. */
export function freshMobile(): string {
  mobileSeq += 1;
  return `139${String(process.pid % 1000).padStart(3, '0')}${String(mobileSeq).padStart(5, '0')}`;
}

let nameSeq = 0;
export function freshName(prefix = 'cust'): string {
  nameSeq += 1;
  return `${prefix}-${process.pid % 100000}-${nameSeq}`;
}

/** The newest code in the outbox for a number (what the SMS would have said). */
export async function latestCode(t: TestApp, mobile: string): Promise<string> {
  const res = await operator(t, 'GET', `/operator/v1/verification-outbox?mobile_phone=${mobile}&limit=1`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const messages = res.body.messages as Array<{ code: string }>;
  assert.ok(messages.length > 0, `no code was sent to ${mobile}`);
  return messages[0]!.code;
}

/** Sends a registration code as the given partner and returns it, read from the outbox. */
export async function sendCode(t: TestApp, partnerKey: string, mobile: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await client(t, partnerKey).call('send_verification_message_code', { body: { receiver_type: 1, mobile_phone: mobile, ...extra } });
  assert.equal(res.status, 204);
  return latestCode(t, mobile);
}

/** Creates a customer through the partner API and returns its id and name. */
export async function createCustomer(t: TestApp, partnerKey: string, body: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const res = await client(t, partnerKey).call('create_sub_customer', {
    body: { xaccount_id: freshName('x'), xaccount_type: 'demo_platform', domain_name: freshName(), ...body },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { id: String(res.body.domain_id), name: String(res.body.domain_name) };
}

/** PUT into the caller's bucket below download/, signed by the official signer with the body's SHA-256. */
export async function upload(t: TestApp, who: Credentials, path: string, data: Buffer, contentType = 'application/octet-stream') {
  const headers: Record<string, string> = { 'Content-Type': contentType, 'X-Sdk-Content-Sha256': createHash('sha256').update(data).digest('hex'), 'X-Request-Id': requestId() };
  if (who.domainId) headers['X-Domain-Id'] = who.domainId;
  const endpoint = `${t.url}/partner/v1/bucket/download/${path}`;
  const signed = AKSKSigner.sign({ method: 'PUT', endpoint, headers, queryParams: {} }, { getAk: () => who.access, getSk: () => who.secret });
  delete (signed as Record<string, string>).host;
  const res = await fetch(endpoint, { method: 'PUT', headers: signed, body: new Uint8Array(data) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image, but it starts like one')]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg body')]);
export const PDF = Buffer.from('%PDF-1.7\n% sample\n');

/** Uploads `n` attachments for a partner under `dir/` and returns their relative paths. */
export async function uploadAttachments(t: TestApp, partnerKey: string, dir: string, n: number): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 1; i <= n; i++) {
    const path = `${dir}/file${i}.${i === 1 ? 'png' : 'jpg'}`;
    const res = await upload(t, creds(partnerKey), path, i === 1 ? PNG : JPEG, i === 1 ? 'image/png' : 'image/jpeg');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    paths.push(path);
  }
  return paths;
}

export async function countRows(t: TestApp, table: keyof DB): Promise<number> {
  const row = await t.deps.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves the sandbox's business clock forward. */
export function advance(t: TestApp, ms: number): void {
  t.deps.sandboxClock!.setOffset(t.deps.sandboxClock!.offset + ms);
}

/** Gives an account an access key through the operator plane and returns credentials for it. */
export async function keyFor(t: TestApp, accountId: string): Promise<Credentials> {
  const res = await operator(t, 'POST', `/operator/v1/accounts/${accountId}/access-keys`, {});
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { access: String(res.body.access), secret: String(res.body.secret), domainId: accountId };
}

export const ENTERPRISE = { identify_type: 1, corp_name: 'Example Technology Co., Ltd.', verified_number: '91110108MA01ABCDE1', xaccount_type: 'demo_platform', reg_country: 'CN' };
export const PERSON = { legel_name: 'Zhang San', legel_id_number: '110101199001011234', certifier_role: 'legalPerson' };

/** Headers of an operator GET signed by the official signer, for answers that are not JSON. */
export function signedGetHeaders(t: TestApp, path: string): Record<string, string> {
  const op = creds('operator');
  const signed = AKSKSigner.sign({ method: 'GET', endpoint: `${t.url}${path}`, headers: { 'X-Domain-Id': op.domainId! }, queryParams: {} }, { getAk: () => op.access, getSk: () => op.secret });
  delete (signed as Record<string, string>).host;
  return signed;
}
