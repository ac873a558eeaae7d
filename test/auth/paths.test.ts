/**
 * A5: the router and the signature check agree on which resource a path names. Paths with more
 * than one reading (encoded slash or percent, empty or dot segments, backslash) and repeated Host
 * headers are refused with 400 before anything else, signed or not; paths the official signer
 * escapes verify in the form it signed.
 */
import assert from 'node:assert/strict';
import url from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { canonicalUriAsSent, canonicalUriDecoded } from '../../src/platform/http/signature.ts';
import { AKSKSigner, assertReachedOperation, rawRequest, sendWire, signWire, stateCounts, type HttpAnswer } from './helpers.ts';

const LIST_INDIRECT = '/v2/partners/indirect-partners/query';
const AUTORENEW = '/v2/orders/subscriptions/resources/autorenew';
const operator = credsOf(demoActor('operator'));
const distributor = credsOf(demoActor('distributor'));
const customer = credsOf(demoActor('resale_customer'));

function assertAmbiguous(res: HttpAnswer): void {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error_code, 'CBC.0100');
  assert.match(String(res.body.error_msg), /ambiguous path or repeated Host header/);
}

const AMBIGUOUS: Array<[string, string, string]> = [
  ['encoded slash in a path parameter', 'DELETE', `${AUTORENEW}/a%2Fb`],
  ['encoded slash joining two segments', 'POST', '/v2/partners/indirect-partners%2fquery'],
  ['encoded percent', 'POST', '/v2/partners/indirect-partners/%2571uery'],
  ['empty segment', 'POST', '/v2/partners//indirect-partners/query'],
  ['leading double slash', 'POST', `/${LIST_INDIRECT}`],
  ['dot segment', 'POST', '/v2/partners/./indirect-partners/query'],
  ['dot-dot segment', 'POST', '/v2/partners/x/../indirect-partners/query'],
  ['trailing dot segment', 'POST', `${LIST_INDIRECT}/.`],
  ['encoded dot segment', 'POST', '/v2/partners/%2e/indirect-partners/query'],
  ['encoded backslash', 'DELETE', `${AUTORENEW}/a%5Cb`],
  ['backslash', 'POST', '/v2/partners\\indirect-partners/query'],
];

describe('A5: one canonical form for router and signer', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  const credsFor = (method: string) => (method === 'DELETE' ? customer : distributor);
  const requestFor = (method: string, path: string) => ({
    method,
    path,
    ...(method === 'POST' ? { headers: { 'Content-Type': 'application/json' }, body: { limit: 1 } } : {}),
  });

  for (const [name, method, path] of AMBIGUOUS) {
    it(`400 for ${name}, unsigned`, async () => {
      assertAmbiguous(await rawRequest(t.url, { method, path, rawHeaders: [] }));
    });
    it(`400 for ${name}, even when the official signer signed that exact path`, async () => {
      assertAmbiguous(await sendWire(t.url, signWire(t.url, credsFor(method), requestFor(method, path))));
    });
  }

  it('a signed write through an ambiguous path is refused and writes nothing', async () => {
    const before = await stateCounts(t);
    const wire = signWire(t.url, operator, { method: 'POST', path: '/operator/v1/./partners', headers: { 'Content-Type': 'application/json' }, body: { name: 'dot-path-partner', partner_type: 'distributor' } });
    assertAmbiguous(await sendWire(t.url, wire));
    assert.deepEqual(await stateCounts(t), before);
  });

  it('control: the same request without the ambiguity is accepted', async () => {
    const res = await sendWire(t.url, signWire(t.url, distributor, requestFor('POST', LIST_INDIRECT)));
    assert.equal(res.status, 200);
  });

  for (const [name, second] of [
    ['the same value', null],
    ['another value', 'evil.example.com'],
  ] as const) {
    it(`400 for a repeated Host header with ${name}`, async () => {
      const wire = signWire(t.url, distributor, requestFor('POST', LIST_INDIRECT));
      const host = wire.headers.host!;
      const raw = [...Object.entries(wire.headers).flat(), 'Host', second ?? host];
      assertAmbiguous(await rawRequest(t.url, { method: 'POST', path: LIST_INDIRECT, rawHeaders: raw, body: wire.body }));
    });
  }

  it('the signer\'s canonical URI equals ours for escaped and non-ASCII paths', () => {
    // What the signer sees (the endpoint it is given) and what goes on the wire (the HTTP client escapes non-ASCII).
    const cases: Array<{ signerPath: string; wirePath: string; form: 'decoded' | 'as-sent' }> = [
      { signerPath: `${AUTORENEW}/资源-é`, wirePath: `${AUTORENEW}/${encodeURIComponent('资源-é')}`, form: 'decoded' },
      // url.parse escapes a space (not non-ASCII) before the signer encodes '%' again: the as-sent form.
      { signerPath: `${AUTORENEW}/a b`, wirePath: `${AUTORENEW}/a%20b`, form: 'as-sent' },
      { signerPath: `${AUTORENEW}/%E8%B5%84`, wirePath: `${AUTORENEW}/%E8%B5%84`, form: 'as-sent' },
      { signerPath: `${AUTORENEW}/res~1_a.b-c`, wirePath: `${AUTORENEW}/res~1_a.b-c`, form: 'decoded' },
      { signerPath: `${LIST_INDIRECT}/`, wirePath: `${LIST_INDIRECT}/`, form: 'decoded' },
    ];
    for (const c of cases) {
      const signer = AKSKSigner.CanonicalURI(url.parse(`${t.url}${c.signerPath}`, true).pathname!);
      const ours = c.form === 'decoded' ? canonicalUriDecoded(c.wirePath) : canonicalUriAsSent(c.wirePath);
      assert.equal(ours, signer, c.signerPath);
    }
    // The two forms differ exactly when the path carries escapes.
    assert.notEqual(canonicalUriDecoded(`${AUTORENEW}/%E8%B5%84`), canonicalUriAsSent(`${AUTORENEW}/%E8%B5%84`));
  });

  for (const [name, path] of [
    ['non-ASCII path parameter escaped by the HTTP client', `${AUTORENEW}/资源-é`],
    ['path parameter already percent-escaped by the caller', `${AUTORENEW}/%E8%B5%84%E6%BA%90`],
  ] as const) {
    it(`a signed request with a ${name} verifies and routes`, async () => {
      const wire = signWire(t.url, customer, { method: 'DELETE', path });
      wire.path = wire.path.replace(/[^\x21-\x7e]+/g, (s) => encodeURIComponent(s));
      const res = await sendWire(t.url, wire);
      assertReachedOperation(res);
    });
  }

  it('equivalent spellings of one path reach the same handler with the same signature', async () => {
    for (const sent of [LIST_INDIRECT, `${LIST_INDIRECT}/`, '/v2/partners/indirect-partners/quer%79']) {
      const wire = signWire(t.url, distributor, requestFor('POST', LIST_INDIRECT));
      wire.path = sent;
      const res = await sendWire(t.url, wire);
      assert.equal(res.status, 200, `${sent}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.count, 2);
    }
  });
});
