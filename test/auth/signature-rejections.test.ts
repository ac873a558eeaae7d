/**
 * A2/A5/A6: requests whose signature is arithmetically right but which must still be refused
 * (UNSIGNED-PAYLOAD over a body, a declared hash of another body, Host or X-Sdk-Date left
 * unsigned, unknown or revoked keys, other algorithms), each with 401 APIGW.0301 and no write.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch, type Credentials } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { assertGatewayReject, rawRequest, sendManual, sendWire, signWire, stateCounts, type ManualRequest } from './helpers.ts';

const require = createRequire(import.meta.url);
const { DerivedAKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/DerivedAKSKSigner') as {
  DerivedAKSKSigner: { sign(r: Record<string, unknown>, c: Record<string, () => string>): Record<string, string> };
};

const operator = credsOf(demoActor('operator'));
const distributor = credsOf(demoActor('distributor'));
const JSON_CT = { 'Content-Type': 'application/json' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let serial = 0;
const createPartner = (headers: Record<string, string> = {}): ManualRequest => ({
  method: 'POST',
  path: '/operator/v1/partners',
  headers: { ...JSON_CT, ...headers },
  body: { name: `reject-${++serial}`, partner_type: 'solution_provider' },
});

describe('A2: correctly computed signatures that must still be refused', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  /** Sends, expects the gateway's 401 and no write, then proves the AK still works (and resets its count). */
  async function refused(send: () => Promise<{ status: number; body: Record<string, unknown> }>, message?: string): Promise<void> {
    const before = await stateCounts(t);
    assertGatewayReject(await send(), message);
    assert.deepEqual(await stateCounts(t), before);
    const control = await signedFetch(t.url, operator, { method: 'GET', path: '/operator/v1/partners' });
    assert.equal(control.status, 200);
  }

  it('control: the manual signer and the official one are accepted for the same write', async () => {
    const before = await stateCounts(t);
    assert.equal((await sendManual(t.url, operator, createPartner())).status, 201);
    assert.equal((await sendWire(t.url, signWire(t.url, operator, createPartner()))).status, 201);
    assert.equal((await stateCounts(t)).accounts, before.accounts! + 2);
  });

  it('UNSIGNED-PAYLOAD with a body', async () => {
    await refused(() => sendWire(t.url, signWire(t.url, operator, createPartner({ 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }))));
  });

  it('UNSIGNED-PAYLOAD with a body on a read', async () => {
    const res = await signedFetch(t.url, distributor, { method: 'POST', path: '/v2/partners/indirect-partners/query', headers: { ...JSON_CT, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: { limit: 1 } });
    assertGatewayReject(res);
  });

  it('X-Sdk-Content-Sha256 naming another body', async () => {
    const other = JSON.stringify({ name: 'someone-else', partner_type: 'distributor' });
    await refused(() => sendWire(t.url, signWire(t.url, operator, createPartner({ 'X-Sdk-Content-Sha256': sha256(other) }))));
  });

  it('X-Sdk-Content-Sha256 that is not a hash', async () => {
    await refused(() => sendWire(t.url, signWire(t.url, operator, createPartner({ 'X-Sdk-Content-Sha256': 'not-a-hash' }))));
  });

  it('SignedHeaders without host', async () => {
    await refused(() => sendManual(t.url, operator, createPartner(), { signed: ['content-type', 'x-domain-id', 'x-sdk-date'] }));
  });

  it('X-Sdk-Date sent but not signed', async () => {
    await refused(() => sendManual(t.url, operator, createPartner(), { signed: ['content-type', 'host', 'x-domain-id'] }));
  });

  it('unknown access key (signed with its own secret)', async () => {
    const stranger: Credentials = { access: 'NOSUCHKEY00000000000', secret: 'x'.repeat(40) };
    await refused(() => sendWire(t.url, signWire(t.url, stranger, createPartner())));
  });

  it('the right signature under another account\'s X-Domain-Id', async () => {
    const crossed = { ...operator, domainId: demoActor('distributor').accountId };
    await refused(() => sendWire(t.url, signWire(t.url, crossed, createPartner())), 'X-Domain-Id does not match the credential');
  });

  it('a genuine V11-HMAC-SHA256 (derived key) signature from the official DerivedAKSKSigner', async () => {
    const req = createPartner();
    const headers = DerivedAKSKSigner.sign(
      { method: 'POST', endpoint: `${t.url}${req.path}`, headers: { ...req.headers, 'X-Domain-Id': operator.domainId }, queryParams: {}, data: req.body },
      { getAk: () => operator.access, getSk: () => operator.secret, getRegionId: () => 'cn-north-1', getDerivedAuthServiceName: () => 'bss' },
    );
    assert.match(headers.Authorization!, /^V11-HMAC-SHA256 Credential=/);
    await refused(() => sendWire(t.url, { method: 'POST', path: req.path, query: '', headers, body: JSON.stringify(req.body) }));
  });

  it('a revoked access key stops working at once', async () => {
    const issued = await signedFetch(t.url, operator, { method: 'POST', path: `/operator/v1/accounts/${distributor.domainId}/access-keys`, headers: JSON_CT, body: { description: 'to revoke' } });
    assert.equal(issued.status, 201);
    const key: Credentials = { access: String(issued.body.access), secret: String(issued.body.secret), domainId: distributor.domainId };
    const list = () => signedFetch(t.url, key, { method: 'POST', path: '/v2/partners/indirect-partners/query', headers: JSON_CT, body: { limit: 1 } });
    assert.equal((await list()).status, 200);
    const revoked = await signedFetch(t.url, operator, { method: 'DELETE', path: `/operator/v1/access-keys/${key.access}` });
    assert.equal(revoked.status, 204);
    assertGatewayReject(await list());
  });

  it('a signed body that is not JSON is a 400 for an authenticated caller, a 401 for anyone else', async () => {
    const bytes = '{"name": "broken"';
    const wire = signWire(t.url, operator, { method: 'POST', path: '/operator/v1/partners', headers: { ...JSON_CT, 'X-Sdk-Content-Sha256': sha256(bytes) } });
    wire.body = bytes;
    const ok = await sendWire(t.url, wire);
    assert.equal(ok.status, 400);
    assert.equal(ok.body.error_code, 'CBC.0100');
    assert.match(String(ok.body.error_msg), /not valid JSON/);

    const forged = signWire(t.url, operator, createPartner());
    forged.body = bytes;
    await refused(() => sendWire(t.url, forged));
    const anonymous = await rawRequest(t.url, { method: 'POST', path: '/operator/v1/partners', rawHeaders: ['Content-Type', 'application/json'], body: bytes });
    assertGatewayReject(anonymous, 'Authorization or X-Auth-Token header not found');
  });

  it('an unauthenticated route still answers 400 for a body that is not JSON', async () => {
    const res = await rawRequest(t.url, { method: 'POST', path: '/v3/auth/tokens', rawHeaders: ['Content-Type', 'application/json'], body: '{"auth":' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 'CBC.0100');
  });
});
