/**
 * The partner API's wire behaviour, independent of any one operation's business rules: 501 for
 * what is not built, validation (400 CBC.0100 naming the field, no coercion of body types), body
 * parsing and size, routing, request ids, the OpenAPI document and metrics. Flow control is in
 * flow-control.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS, type OperationName } from '../../src/contract/generated/operations.ts';
import { OPERATION_AUDIENCE, roleMayCall, type Audience } from '../../src/contract/policy.ts';
import { implementedOperations } from '../../src/contract/handlers.ts';
import { BODY_LIMIT_BYTES } from '../../src/platform/http/raw-body.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch } from '../support/sdk.ts';
import { CALLER_ACTORS, callOperation, minimalRequest, type Outcome } from '../support/contract.ts';

const distributor = credsOf(demoActor('distributor'));
const customer = credsOf(demoActor('resale_customer'));
const INDIRECT_PARTNERS = OPERATIONS.list_indirect_partners.path;

function assertInvalid(got: Outcome, field: string): void {
  const what = `${got.status} ${got.errorCode} ${got.errorMsg}`;
  assert.equal(got.status, 400, what);
  assert.equal(got.errorCode, 'CBC.0100', what);
  assert.match(got.errorMsg ?? '', new RegExp(`(^|[\\s.:])${field.replace(/[[\].]/g, '\\$&')}(?=$|[\\s.,:[])`), `error_msg names ${field}: ${what}`);
}

describe('the partner API on the wire', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t?.close());

  it('answers 501 PBSS.0501 naming the operation, for an unimplemented operation of each audience', async (ctx) => {
    const implemented = new Set(implementedOperations());
    const picked = new Map<Audience, OperationName>();
    for (const name of Object.keys(OPERATIONS) as OperationName[]) {
      if (!implemented.has(name) && !picked.has(OPERATION_AUDIENCE[name])) picked.set(OPERATION_AUDIENCE[name], name);
    }
    if (picked.size === 0) return ctx.skip('every operation is implemented');
    for (const name of picked.values()) {
      const who = CALLER_ACTORS.find((a) => roleMayCall(name, a.role, a.partnerType))!;
      const got = await callOperation(t.url, credsOf(demoActor(who.actor)), name);
      assert.equal(got.status, 501, `${name} as ${who.role}`);
      assert.equal(got.errorCode, 'PBSS.0501', name);
      assert.match(got.errorMsg ?? '', new RegExp(`\\b${name}\\b`));
    }
  });

  describe('validation: 400 CBC.0100 naming the field', () => {
    it('a missing required body field', async () => {
      assertInvalid(await callOperation(t.url, distributor, 'update_customer_account_amount', { body: { amount: 10 } }), 'customer_id');
    });

    it('a missing required query parameter', async () => {
      assertInvalid(await callOperation(t.url, distributor, 'list_cities', { query: {} }), 'province_code');
    });

    it('an amount sent as a JSON string is not coerced to a number', async () => {
      assertInvalid(await callOperation(t.url, distributor, 'update_customer_account_amount', { body: { customer_id: 'c', amount: '10' } }), 'amount');
      assertInvalid(await callOperation(t.url, distributor, 'update_indirect_partner_account', { body: { indirect_partner_id: 'p', amount: '10.5' } }), 'amount');
    });

    it('a string or a fraction for a body integer', async () => {
      const body = { resource_ids: ['r'], unsubscribe_type: '1' };
      assertInvalid(await callOperation(t.url, customer, 'cancel_resources_subscription', { body }), 'unsubscribe_type');
      assertInvalid(await callOperation(t.url, customer, 'cancel_resources_subscription', { body: { ...body, unsubscribe_type: 1.5 } }), 'unsubscribe_type');
      assertInvalid(await callOperation(t.url, distributor, 'list_indirect_partners', { body: { limit: '10' } }), 'limit');
    });

    it('a wrong type inside an array names the element', async () => {
      const body = { quota_id: 'q', indirect_partner_ids: [42], quota_amount: 1 };
      assertInvalid(await callOperation(t.url, distributor, 'update_coupon_quotas', { body }), 'indirect_partner_ids[0]');
    });

    it('a query integer given as text', async () => {
      assertInvalid(await callOperation(t.url, distributor, 'list_customer_orders', { query: { limit: 'abc' } }), 'limit');
      // Query strings are text by nature: a decimal integer is accepted.
      const ok = await callOperation(t.url, distributor, 'list_customer_orders', { query: { limit: '10' } });
      assert.notEqual(ok.status, 400, `${ok.errorCode} ${ok.errorMsg}`);
    });

    it('a wrong type is refused after the role check: a refused caller learns nothing about the body', async () => {
      const got = await callOperation(t.url, customer, 'update_customer_account_amount', { body: { amount: 'x' } });
      assert.equal(got.status, 403);
      assert.equal(got.errorCode, 'CBC.0151');
    });
  });

  describe('bodies', () => {
    it('ignores unknown JSON body fields', async () => {
      const plain = await callOperation(t.url, distributor, 'list_indirect_partners', { body: { limit: 10 } });
      const extra = await callOperation(t.url, distributor, 'list_indirect_partners', { body: { limit: 10, no_such_field: 'x', nested: { a: 1 } } });
      assert.equal(plain.status, 200);
      assert.equal(extra.status, 200);
      assert.deepEqual(extra.body, plain.body);
    });

    const sendRaw = (raw: string, contentType: string) =>
      signedFetch(t.url, distributor, {
        method: 'POST',
        path: INDIRECT_PARTNERS,
        // The official signer hashes JSON.stringify(data); declare the hash of the raw bytes instead.
        headers: { 'Content-Type': contentType, 'X-Sdk-Content-Sha256': createHash('sha256').update(raw).digest('hex') },
        body: raw,
        tamper: (r) => {
          r.body = raw;
        },
      });

    it('refuses a body that is not JSON with 400 CBC.0100', async () => {
      for (const [raw, type] of [
        ['{"limit": 10', 'application/json'],
        ['limit=10', 'application/json'],
        ['limit=10', 'text/plain'],
        ['limit=10', 'application/x-www-form-urlencoded'],
      ] as const) {
        const res = await sendRaw(raw, type);
        assert.equal(res.status, 400, `${type}: ${raw}`);
        assert.equal(res.body.error_code, 'CBC.0100', `${type}: ${raw}`);
        assert.match(String(res.body.error_msg), /body/);
      }
    });

    it('accepts a body of exactly 12 MB and refuses one byte more with 413 APIG.0201', async () => {
      const padding = 'a'.repeat(BODY_LIMIT_BYTES - JSON.stringify({ limit: 1, padding: '' }).length);
      assert.equal(BODY_LIMIT_BYTES, 12 * 1024 * 1024);
      const atLimit = await signedFetch(t.url, distributor, { method: 'POST', path: INDIRECT_PARTNERS, headers: { 'Content-Type': 'application/json' }, body: { limit: 1, padding } });
      assert.equal(atLimit.status, 200, JSON.stringify(atLimit.body).slice(0, 200));

      const res = await fetch(`${t.url}${INDIRECT_PARTNERS}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: Buffer.alloc(BODY_LIMIT_BYTES + 1, 0x20) });
      const body = (await res.json()) as Record<string, unknown>;
      assert.equal(res.status, 413);
      assert.equal(body.error_code, 'APIG.0201');
      assert.equal(typeof body.error_msg, 'string');
      assert.equal(body.request_id, res.headers.get('x-request-id'));
    });
  });

  describe('routing and request ids', () => {
    it('answers an unknown path with 404 and an error body', async () => {
      for (const [method, path] of [['GET', '/v2/no-such-thing'], ['POST', '/v2/partners/sub-customers/nope'], ['GET', '/v9/products/service-types']] as const) {
        const res = await signedFetch(t.url, distributor, { method, path });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.error_code, 'PBSS.0404');
        assert.equal(typeof res.body.error_msg, 'string');
      }
    });

    it('routes a path with a trailing slash as the path without it', async () => {
      for (const [op, actor] of [['list_service_types', distributor], ['list_indirect_partners', distributor], ['show_customer_order_details', customer]] as const) {
        const { method, path } = OPERATIONS[op];
        const { pathParams, query, body } = minimalRequest(op);
        const concrete = path.replace(/:(\w+)/g, (_, k: string) => pathParams[k]!);
        const send = (p: string) =>
          signedFetch(t.url, actor, {
            method,
            path: p,
            query: query as Record<string, string>,
            ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json' } } : {}),
          });
        const [bare, slashed] = [await send(concrete), await send(`${concrete}/`)];
        assert.notEqual(bare.status, 404, op);
        assert.equal(slashed.status, bare.status, op);
        assert.deepEqual(slashed.body, bare.body, op);
      }
    });

    it('echoes a valid X-Request-Id and mints one otherwise', async () => {
      const echoed = await signedFetch(t.url, distributor, { method: 'POST', path: INDIRECT_PARTNERS, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'client-req.42_A' }, body: {} });
      assert.equal(echoed.status, 200);
      assert.equal(echoed.headers.get('x-request-id'), 'client-req.42_A');

      const onError = await fetch(`${t.url}/v2/no-such-thing`, { headers: { 'X-Request-Id': 'err-7' } });
      assert.equal(onError.status, 404);
      assert.equal(onError.headers.get('x-request-id'), 'err-7');

      const minted = new Set<string>();
      for (const given of ['has spaces', 'x'.repeat(65), 'semi;colon', undefined]) {
        const res = await fetch(`${t.url}/healthz`, { headers: given === undefined ? {} : { 'X-Request-Id': given } });
        const id = res.headers.get('x-request-id');
        assert.ok(id && /^[A-Za-z0-9._-]{1,64}$/.test(id) && id !== given, `minted for ${given}: ${id}`);
        minted.add(id);
      }
      assert.equal(minted.size, 4, 'minted ids are distinct');
    });
  });

  describe('documents and metrics', () => {
    it('lists every operation of the contract in /openapi.json, with the operator routes', async () => {
      const res = await fetch(`${t.url}/openapi.json`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as { paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>> };
      const byId = new Map<string, string>();
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) if (op.operationId) byId.set(op.operationId, `${method.toUpperCase()} ${path}`);
      }
      const names = Object.keys(OPERATIONS) as OperationName[];
      assert.equal(names.length, 91);
      for (const name of names) {
        const { method, path } = OPERATIONS[name];
        assert.equal(byId.get(name), `${method} ${path.replace(/:(\w+)/g, '{$1}')}`, name);
      }
      const operatorPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/operator/'));
      for (const p of ['/operator/v1/partners', '/operator/v1/accounts/{account_id}/access-keys', '/operator/v1/clock']) {
        assert.ok(operatorPaths.includes(p), `operator route ${p}`);
      }
      for (const p of operatorPaths) {
        for (const op of Object.values(doc.paths[p]!)) assert.ok(op.tags?.some((tag) => tag.startsWith('Operator')), `${p} is tagged for operators`);
      }
    });

    it('documents X-Idempotency-Key on exactly the partner operations that take it', async () => {
      type Param = { in?: string; name?: string; required?: boolean; description?: string };
      const doc = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string; parameters?: Param[] }>> };
      const taking = new Set<string>();
      for (const methods of Object.values(doc.paths)) {
        for (const op of Object.values(methods)) {
          const header = op.parameters?.find((p) => p.in === 'header' && p.name?.toLowerCase() === 'x-idempotency-key');
          if (!header || !op.operationId || !(op.operationId in OPERATIONS)) continue;
          assert.notEqual(header.required, true, op.operationId);
          assert.match(header.description ?? '', /same key and the same body returns the first answer/);
          taking.add(op.operationId);
        }
      }
      assert.deepEqual([...taking].sort(), [
        'cancel_customer_order',
        'cancel_resources_subscription',
        'create_partner_coupons',
        'pay_orders',
        'reclaim_coupon_quotas',
        'reclaim_indirect_partner_account',
        'reclaim_partner_coupons',
        'reclaim_to_partner_account',
        'renewal_resources',
        'update_coupon_quotas',
        'update_customer_account_amount',
        'update_indirect_partner_account',
      ]);
    });

    it('serves the API reference at /docs as HTML', async () => {
      const res = await fetch(`${t.url}/docs`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await res.text(), /<html/i);
    });

    it('counts requests by operation and status in /metrics', async () => {
      await callOperation(t.url, customer, 'update_indirect_partner_account');
      const res = await fetch(`${t.url}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /^# TYPE pbss_http_requests_total counter$/m);
      const line = text.split('\n').find((l) => l.startsWith('pbss_http_requests_total{operation="update_indirect_partner_account",status="403"}'));
      assert.ok(line && Number(line.split(' ').pop()) >= 1, line);
    });
  });
});
