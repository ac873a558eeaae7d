/**
 * A1: request shapes the official Huawei signer produces must all be accepted. "Accepted" means
 * the request got past authentication: the operation's own answer (200 with the expected count for
 * list_indirect_partners; see assertReachedOperation for operations still being built), or 403
 * CBC.0151 where the role may not call the operation; never 401.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf, signedFetch, type Credentials, type SdkError } from '../support/sdk.ts';
import type { OperationName } from '../../src/contract/generated/operations.ts';
import { DEMO_PASSWORD, demoActor } from '../../src/modules/sandbox/index.ts';
import { assertReachedOperation, sendManual } from './helpers.ts';

const LIST_INDIRECT = '/v2/partners/indirect-partners/query';
const ISSUED_QUOTAS = '/v2/partners/issued-coupon-quotas';
const AUTORENEW = '/v2/orders/subscriptions/resources/autorenew';
const JSON_CT = { 'Content-Type': 'application/json' };

const distributor = credsOf(demoActor('distributor'));
const distributorNoDomain = credsOf(demoActor('distributor'), false);
const customer = credsOf(demoActor('resale_customer'));

interface Answer {
  status: number;
  body: Record<string, unknown>;
}
interface Ctx {
  t: TestApp;
  token: string;
}
interface Shape {
  name: string;
  send: (c: Ctx) => Promise<Answer>;
  /** 'reached': the operation's own answer, whatever it is today (see assertReachedOperation). */
  status: 200 | 403 | 'reached';
  /** For 200 on list_indirect_partners: how many tier-2 resellers the answer counts. */
  count?: number;
}

async function viaSdk(c: Ctx, creds: Credentials, op: OperationName, input: Parameters<ReturnType<typeof bssClient>['call']>[1] = {}): Promise<Answer> {
  try {
    const r = await bssClient(c.t.url, creds).call(op, input);
    return { status: r.status, body: r.body };
  } catch (e) {
    const err = e as SdkError;
    if (typeof err.status !== 'number') throw e;
    return { status: err.status, body: { error_code: err.errorCode, error_msg: err.errorMsg } };
  }
}

type FetchReq = Parameters<typeof signedFetch>[2];
const signed = (creds: Credentials, req: FetchReq) => (c: Ctx) => signedFetch(c.t.url, creds, req);
const listIndirect = (extra: Partial<FetchReq> = {}, creds = distributor) =>
  signed(creds, { method: 'POST', path: LIST_INDIRECT, headers: JSON_CT, body: { limit: 10 }, ...extra });
const issuedQuotas = (extra: Partial<FetchReq> = {}) => signed(distributor, { method: 'GET', path: ISSUED_QUOTAS, ...extra });

async function withToken(c: Ctx, path: string, init: { method: string; query?: string; headers?: Record<string, string>; body?: unknown }): Promise<Answer> {
  const res = await fetch(`${c.t.url}${path}${init.query ? `?${init.query}` : ''}`, {
    method: init.method,
    headers: { 'X-Auth-Token': c.token, ...(init.body !== undefined ? JSON_CT : {}), ...(init.headers ?? {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const bodyHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');

const SHAPES: Shape[] = [
  // The full official client path: ClientBuilder + GlobalCredentials (X-Domain-Id signed), axios transport.
  { name: 'SDK client: list_indirect_partners', send: (c) => viaSdk(c, distributor, 'list_indirect_partners', { body: { limit: 10 } }), status: 200, count: 2 },
  { name: 'SDK client: Chinese text in the JSON body', send: (c) => viaSdk(c, distributor, 'list_indirect_partners', { body: { account_name: '经销商一号', limit: 10 } }), status: 200, count: 0 },
  { name: 'SDK client: X-Language header', send: (c) => viaSdk(c, distributor, 'list_indirect_partners', { body: {}, headers: { 'X-Language': 'en_US' } }), status: 200, count: 2 },
  { name: 'SDK client: partner operator key', send: (c) => viaSdk(c, credsOf(demoActor('partner_operator')), 'list_indirect_partners', { body: { limit: 1 } }), status: 200, count: 2 },
  { name: 'SDK client: GET with numeric query params', send: (c) => viaSdk(c, distributor, 'list_issued_coupon_quotas', { query: { offset: 0, limit: 5 } }), status: 'reached' },
  {
    name: 'SDK client: query value with Chinese, spaces and reserved characters',
    send: (c) => viaSdk(c, distributor, 'list_issued_coupon_quotas', { query: { indirect_partner_id: '中文 a+b/c?d&e=f#g' } }),
    status: 'reached',
  },
  { name: 'SDK client: repeated query key (array value)', send: (c) => viaSdk(c, distributor, 'list_issued_coupon_quotas', { query: { tag: ['b', 'a', 'a b'] } }), status: 'reached' },
  { name: 'SDK client: DELETE with a non-ASCII path parameter', send: (c) => viaSdk(c, customer, 'cancel_auto_renewal_resources', { pathParams: { resource_id: '资源-é' } }), status: 'reached' },
  { name: 'SDK client: path parameter with a space', send: (c) => viaSdk(c, customer, 'cancel_auto_renewal_resources', { pathParams: { resource_id: 'a b' } }), status: 'reached' },
  { name: 'SDK client: PUT with a JSON body', send: (c) => viaSdk(c, customer, 'cancel_customer_order', { body: { order_id: 'CS2601011200ABCDE' } }), status: 'reached' },
  { name: 'SDK client: GET without query or body', send: (c) => viaSdk(c, customer, 'show_customer_account_balances'), status: 'reached' },
  { name: 'SDK client: customer key on a distributor-only operation (role check, not auth)', send: (c) => viaSdk(c, customer, 'list_indirect_partners', { body: {} }), status: 403 },

  // AKSKSigner.sign on hand-made requests.
  { name: 'POST JSON, X-Domain-Id signed', send: listIndirect(), status: 200, count: 2 },
  { name: 'POST JSON, X-Domain-Id not sent', send: listIndirect({}, distributorNoDomain), status: 200, count: 2 },
  { name: 'POST without body or content type', send: signed(customer, { method: 'POST', path: '/v2/enterprises/enterprise-projects/authority' }), status: 'reached' },
  { name: 'POST with an empty JSON object', send: listIndirect({ body: {} }), status: 200, count: 2 },
  { name: 'POST body with Chinese and an astral-plane emoji', send: listIndirect({ body: { account_name: '云经销商😀', limit: 1 } }), status: 200, count: 0 },
  { name: 'POST body with quotes, backslash and newline', send: listIndirect({ body: { account_name: 'a"b\\c\nd' } }), status: 200, count: 0 },
  { name: 'path with a trailing slash', send: listIndirect({ path: `${LIST_INDIRECT}/` }), status: 200, count: 2 },
  { name: 'query string on a POST', send: listIndirect({ query: { page: '1', q: 'x y' } }), status: 200, count: 2 },
  { name: 'X-Language zh_cn signed', send: listIndirect({ headers: { ...JSON_CT, 'X-Language': 'zh_cn' } }), status: 200, count: 2 },
  { name: 'extra custom header signed', send: listIndirect({ headers: { ...JSON_CT, 'X-Trace-Id': 'trace-0001' } }), status: 200, count: 2 },
  { name: 'header value with inner runs of spaces', send: listIndirect({ headers: { ...JSON_CT, 'X-Note': 'a  b   c' } }), status: 200, count: 2 },
  { name: 'header names in mixed case', send: listIndirect({ headers: { 'CONTENT-type': 'application/json', 'X-MiXeD-CaSe': 'v' } }), status: 200, count: 2 },
  { name: 'header with an empty value', send: listIndirect({ headers: { ...JSON_CT, 'X-Empty': '' } }), status: 200, count: 2 },
  { name: 'User-Agent signed', send: listIndirect({ headers: { ...JSON_CT, 'User-Agent': 'huaweicloud-usdk-nodejs/3.0' } }), status: 200, count: 2 },
  { name: 'X-Sdk-Content-Sha256 equal to the body hash', send: listIndirect({ headers: { ...JSON_CT, 'X-Sdk-Content-Sha256': bodyHash({ limit: 10 }) } }), status: 200, count: 2 },
  {
    name: 'X-Sdk-Content-Sha256 in upper-case hex',
    send: listIndirect({ headers: { ...JSON_CT, 'X-Sdk-Content-Sha256': bodyHash({ limit: 10 }).toUpperCase() } }),
    status: 200,
    count: 2,
  },
  { name: 'GET with UNSIGNED-PAYLOAD and no body', send: issuedQuotas({ headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } }), status: 'reached' },
  { name: 'GET with a JSON content type', send: issuedQuotas({ headers: JSON_CT }), status: 'reached' },
  { name: 'GET without content type', send: issuedQuotas(), status: 'reached' },
  { name: 'query: space sent as +', send: issuedQuotas({ query: { note: 'a b' } }), status: 'reached' },
  { name: 'query: space sent as %20', send: issuedQuotas({ query: { note: 'a b' }, rawQuery: 'note=a%20b' }), status: 'reached' },
  { name: 'query: literal plus sent as %2B', send: issuedQuotas({ query: { note: 'a+b' } }), status: 'reached' },
  { name: 'query: reserved characters', send: issuedQuotas({ query: { note: ":/?#[]@!$&'()*,;=%" } }), status: 'reached' },
  { name: 'query: unreserved ~ . - _ sent bare', send: issuedQuotas({ query: { note: 'a~b.c-d_e' }, rawQuery: 'note=a~b.c-d_e' }), status: 'reached' },
  { name: 'query: ~ sent as %7E', send: issuedQuotas({ query: { note: '~' }, rawQuery: 'note=%7E' }), status: 'reached' },
  { name: 'query: lower-case percent escapes', send: issuedQuotas({ query: { note: '中' }, rawQuery: 'note=%e4%b8%ad' }), status: 'reached' },
  { name: 'query: empty value', send: issuedQuotas({ query: { note: '' }, rawQuery: 'note=' }), status: 'reached' },
  { name: 'query: key without a value', send: issuedQuotas({ query: { flag: '' }, rawQuery: 'flag' }), status: 'reached' },
  { name: 'query: repeated key, values unsorted', send: issuedQuotas({ query: { tag: ['b', 'a'] }, rawQuery: 'tag=b&tag=a' }), status: 'reached' },
  { name: 'query: keys in reverse order', send: issuedQuotas({ query: { a: '2', z: '1' }, rawQuery: 'z=1&a=2' }), status: 'reached' },
  { name: 'query: Chinese value', send: issuedQuotas({ query: { note: '中文' } }), status: 'reached' },
  { name: 'query: Chinese key', send: issuedQuotas({ query: { 备注: '值' } }), status: 'reached' },
  { name: 'query: bracketed key a[b]', send: issuedQuotas({ query: { 'a[b]': 'c' } }), status: 'reached' },
  { name: 'path: pre-escaped UTF-8 signed as sent (Node signer form)', send: signed(customer, { method: 'DELETE', path: `${AUTORENEW}/%E8%B5%84%E6%BA%90` }), status: 'reached' },
  { name: 'path: raw non-ASCII escaped by the signer', send: signed(customer, { method: 'DELETE', path: `${AUTORENEW}/资源` }), status: 'reached' },
  { name: 'operator plane: GET with a query', send: signed(credsOf(demoActor('operator')), { method: 'GET', path: '/operator/v1/partners', query: { limit: '5' } }), status: 200 },
  { name: 'IAM: GET /v3/auth/domains', send: signed(distributor, { method: 'GET', path: '/v3/auth/domains' }), status: 200 },

  // Smaller SignedHeaders lists than AKSKSigner.sign makes (the guide requires only X-Sdk-Date; we add Host).
  {
    name: 'SignedHeaders host;x-sdk-date only, Content-Type unsigned',
    send: (c) => sendManual(c.t.url, distributor, { method: 'POST', path: LIST_INDIRECT, headers: JSON_CT, body: { limit: 10 } }, { signed: ['host', 'x-sdk-date'] }),
    status: 200,
    count: 2,
  },
  {
    name: 'header with an underscore left unsigned (as the Python signer does)',
    send: (c) =>
      sendManual(c.t.url, distributor, { method: 'POST', path: LIST_INDIRECT, headers: { ...JSON_CT, x_legacy: '1' }, body: {} }, { signed: ['content-type', 'host', 'x-domain-id', 'x-sdk-date'] }),
    status: 200,
    count: 2,
  },

  // Tokens in X-Auth-Token.
  { name: 'token: POST list_indirect_partners', send: (c) => withToken(c, LIST_INDIRECT, { method: 'POST', body: { limit: 10 } }), status: 200, count: 2 },
  { name: 'token: with its own X-Domain-Id', send: (c) => withToken(c, LIST_INDIRECT, { method: 'POST', body: {}, headers: { 'X-Domain-Id': distributor.domainId! } }), status: 200, count: 2 },
  { name: 'token: GET with a query', send: (c) => withToken(c, ISSUED_QUOTAS, { method: 'GET', query: 'limit=5&note=%E4%B8%AD' }), status: 'reached' },
];

describe('A1: request shapes signed by the official signer are accepted', () => {
  const c = {} as Ctx;
  before(async () => {
    c.t = await startTestApp();
    const d = demoActor('distributor');
    const res = await fetch(`${c.t.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: JSON_CT,
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: d.userName, password: DEMO_PASSWORD, domain: { name: d.accountName } } } } } }),
    });
    assert.equal(res.status, 201);
    c.token = res.headers.get('x-subject-token')!;
  });
  after(async () => c.t.close());

  it('has at least 30 distinct shapes', () => {
    assert.ok(SHAPES.length >= 30);
    assert.equal(new Set(SHAPES.map((s) => s.name)).size, SHAPES.length);
  });

  for (const shape of SHAPES) {
    it(shape.name, async () => {
      const res = await shape.send(c);
      if (shape.status === 'reached') return assertReachedOperation(res);
      assert.equal(res.status, shape.status, JSON.stringify(res.body));
      if (shape.status === 403) assert.equal(res.body.error_code, 'CBC.0151');
      if (shape.count !== undefined) assert.equal(res.body.count, shape.count);
    });
  }
});
