/**
 * A2: a request signed by the official signer, then changed in one place on the wire, is refused
 * with 401 APIGW.0301 and writes nothing. Every mutation runs on every base shape it applies to;
 * after each, the untouched request is sent as a control (it must succeed, which proves the base
 * was valid, and it resets the AK's failure count so the lock never answers for the signature).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, type Credentials } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { assertGatewayReject, assertReachedOperation, dropHeader, flipFirst, getHeader, sendWire, setHeader, signWire, stateCounts, type ManualRequest, type Wire } from './helpers.ts';

const operator = credsOf(demoActor('operator'));
const distributor = credsOf(demoActor('distributor'));
const customer = credsOf(demoActor('resale_customer'));
const otherAccount = demoActor('solution_provider').accountId;
const JSON_CT = { 'Content-Type': 'application/json' };

let serial = 0;

interface Base {
  name: string;
  creds: Credentials;
  request: () => ManualRequest;
  /** The untouched request's answer ('reached': see assertReachedOperation); `writes` when it changes stored state. */
  control: { status: number | 'reached'; writes: boolean };
  /** A path parameter, and a one-byte change of it that still routes. */
  param?: [string, string];
  /** A method the same path also answers to. */
  otherMethod?: string;
}

const BASES: Base[] = [
  {
    name: 'operator creates a partner',
    creds: operator,
    request: () => ({
      method: 'POST',
      path: '/operator/v1/partners',
      query: { note: 'abc', src: 'tests' },
      headers: { ...JSON_CT, 'X-Note': 'note-1' },
      body: { name: `tamper-${++serial}`, partner_type: 'solution_provider' },
    }),
    control: { status: 201, writes: true },
  },
  {
    name: 'operator creates a partner, no X-Domain-Id',
    creds: credsOf(demoActor('operator'), false),
    request: () => ({ method: 'POST', path: '/operator/v1/partners', headers: { ...JSON_CT, 'X-Note': 'note-2' }, body: { name: `tamper-${++serial}`, partner_type: 'distributor' } }),
    control: { status: 201, writes: true },
  },
  {
    name: 'operator issues an access key for an account',
    creds: operator,
    request: () => ({
      method: 'POST',
      path: `/operator/v1/accounts/${distributor.domainId}/access-keys`,
      query: { note: 'abc' },
      headers: { ...JSON_CT, 'X-Note': 'note-3' },
      body: { description: `key ${++serial}` },
    }),
    control: { status: 201, writes: true },
    param: [distributor.domainId!, demoActor('reseller_one').accountId],
  },
  {
    name: 'distributor lists tier-2 resellers',
    creds: distributor,
    request: () => ({ method: 'POST', path: '/v2/partners/indirect-partners/query', query: { note: 'abc' }, headers: { ...JSON_CT, 'X-Note': 'n' }, body: { limit: 10 } }),
    control: { status: 200, writes: false },
  },
  {
    name: 'distributor GET with a query',
    creds: distributor,
    request: () => ({ method: 'GET', path: '/v2/partners/issued-coupon-quotas', query: { limit: '5', note: 'abc' }, headers: { 'X-Note': 'note-5' } }),
    control: { status: 'reached', writes: false },
  },
  {
    name: 'customer DELETE with a path parameter',
    creds: customer,
    request: () => ({ method: 'DELETE', path: '/v2/orders/subscriptions/resources/autorenew/res-0001', headers: { 'X-Note': 'note-6' } }),
    control: { status: 'reached', writes: false },
    param: ['res-0001', 'res-0002'],
    otherMethod: 'POST',
  },
];

interface Mutation {
  name: string;
  applies?: (b: Base, w: Wire) => boolean;
  mutate: (w: Wire, b: Base) => void;
  /** What error_msg says, when it is not the plain signature failure. */
  message?: string;
}

const hasBody = (_: Base, w: Wire) => w.body !== undefined;
const hasQuery = (_: Base, w: Wire) => w.query !== '';
const auth = (w: Wire) => getHeader(w.headers, 'Authorization')!;
const setAuth = (w: Wire, value: string) => setHeader(w.headers, 'Authorization', value);
/** Changes the first character of the first string value, or else the first digit of a number; the result still parses. */
function flipInValue(body: string): string {
  const m = /":"([a-z])/.exec(body) ?? /":(\d)/.exec(body);
  assert.ok(m, `nothing to flip in ${body}`);
  const at = m.index + m[0].length - 1;
  const c = m[1]!;
  const other = /\d/.test(c) ? (c === '7' ? '8' : '7') : c === 'x' ? 'y' : 'x';
  const out = body.slice(0, at) + other + body.slice(at + 1);
  JSON.parse(out);
  return out;
}
const flipHex = (sig: string) => sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');

const MUTATIONS: Mutation[] = [
  // Body
  { name: 'body: one byte changed, still JSON', applies: hasBody, mutate: (w) => (w.body = flipInValue(w.body!)) },
  { name: 'body: one byte changed, no longer JSON', applies: hasBody, mutate: (w) => (w.body = `[${w.body!.slice(1)}`) },
  { name: 'body: a trailing space appended', applies: hasBody, mutate: (w) => (w.body = `${w.body!} `) },
  { name: 'body: dropped', applies: hasBody, mutate: (w) => (w.body = undefined) },
  { name: 'body: added to a body-less DELETE', applies: (b) => b.request().method === 'DELETE', mutate: (w) => ((w.body = '{}'), setHeader(w.headers, 'Content-Type', 'application/json')) },
  // Path and method
  { name: 'path: one byte of a path parameter', applies: (b) => !!b.param, mutate: (w, b) => (w.path = w.path.replace(b.param![0], b.param![1])) },
  { name: 'method: another method on the same path', applies: (b) => !!b.otherMethod, mutate: (w, b) => (w.method = b.otherMethod!) },
  // Query
  { name: 'query: one byte of a key', applies: hasQuery, mutate: (w) => (w.query = flipFirst(w.query, 'note=', 'nota=')) },
  { name: 'query: one byte of a value', applies: hasQuery, mutate: (w) => (w.query = flipFirst(w.query, '=abc', '=abd')) },
  { name: 'query: a parameter added', mutate: (w) => (w.query = w.query ? `${w.query}&extra=1` : 'extra=1') },
  { name: 'query: a parameter removed', applies: hasQuery, mutate: (w) => (w.query = w.query.split('&').slice(1).join('&')) },
  { name: 'query: a value repeated', applies: hasQuery, mutate: (w) => (w.query = `${w.query}&note=abc`) },
  // Headers
  { name: 'header: one byte of a signed custom header', mutate: (w) => setHeader(w.headers, 'X-Note', `${getHeader(w.headers, 'X-Note')!}x`) },
  { name: 'header: a signed header dropped', mutate: (w) => dropHeader(w.headers, 'X-Note') },
  { name: 'header: Content-Type changed', applies: hasBody, mutate: (w) => setHeader(w.headers, 'Content-Type', 'application/json;charset=UTF-8') },
  { name: 'header: Host changed', mutate: (w) => setHeader(w.headers, 'host', getHeader(w.headers, 'host')!.replace('127.0.0.1', 'localhost')) },
  { name: 'header: X-Sdk-Date moved one second', mutate: (w) => setHeader(w.headers, 'X-Sdk-Date', getHeader(w.headers, 'X-Sdk-Date')!.replace(/\d(?=Z$)/, (d) => String((+d + 1) % 10))) },
  { name: 'header: X-Sdk-Date removed', mutate: (w) => dropHeader(w.headers, 'X-Sdk-Date') },
  {
    name: 'header: X-Domain-Id of another account',
    mutate: (w) => setHeader(w.headers, 'X-Domain-Id', otherAccount),
    // Where it was signed the signature breaks; where it was not, the account check refuses it.
  },
  // Authorization
  { name: 'signature: last hex digit changed', mutate: (w) => setAuth(w, flipHex(auth(w))) },
  { name: 'signature: truncated by one digit', mutate: (w) => setAuth(w, auth(w).slice(0, -1)) },
  { name: 'signature: in upper case', mutate: (w) => setAuth(w, auth(w).replace(/Signature=(\w+)$/, (_, s: string) => `Signature=${s.toUpperCase()}`)) },
  { name: 'signature: empty', mutate: (w) => setAuth(w, auth(w).replace(/Signature=\w+$/, 'Signature=')) },
  { name: 'Access: another real access key', mutate: (w) => setAuth(w, auth(w).replace(/Access=\w+/, `Access=${demoActor('reseller_one').access}`)) },
  { name: 'SignedHeaders: a name removed from the list', mutate: (w) => setAuth(w, auth(w).replace('x-note;', '')) },
  { name: 'algorithm: V11-HMAC-SHA256', mutate: (w) => setAuth(w, auth(w).replace('SDK-HMAC-SHA256', 'V11-HMAC-SHA256')) },
  { name: 'algorithm: SDK-HMAC-SM3', mutate: (w) => setAuth(w, auth(w).replace('SDK-HMAC-SHA256', 'SDK-HMAC-SM3')) },
  { name: 'algorithm: lower case', mutate: (w) => setAuth(w, auth(w).replace('SDK-HMAC-SHA256', 'sdk-hmac-sha256')) },
  { name: 'Authorization: removed', mutate: (w) => dropHeader(w.headers, 'Authorization'), message: 'Authorization or X-Auth-Token header not found' },
  { name: 'Authorization: bad signature with a junk X-Auth-Token beside it', mutate: (w) => (setAuth(w, flipHex(auth(w))), setHeader(w.headers, 'X-Auth-Token', 'junk')) },
];

describe('A2: one change to a signed request is refused and writes nothing', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  let cases = 0;
  for (const base of BASES) {
    for (const m of MUTATIONS) {
      const probe = signWire('http://127.0.0.1:1', base.creds, base.request());
      if (m.applies && !m.applies(base, probe)) continue;
      cases++;
      it(`${base.name} / ${m.name}`, async () => {
        const wire = signWire(t.url, base.creds, base.request());
        const untouched = structuredClone(wire);
        m.mutate(wire, base);
        assert.notDeepEqual(wire, untouched, 'the mutation changed nothing');
        const before = await stateCounts(t);
        const res = await sendWire(t.url, wire);
        const domainCheck = m.name.startsWith('header: X-Domain-Id') && !base.creds.domainId;
        assertGatewayReject(res, m.message ?? (domainCheck ? 'X-Domain-Id does not match the credential' : 'verify aksk signature fail'));
        assert.deepEqual(await stateCounts(t), before, 'a rejected request changed stored state');

        const control = await sendWire(t.url, untouched);
        if (base.control.status === 'reached') assertReachedOperation(control);
        else assert.equal(control.status, base.control.status, JSON.stringify(control.body));
        // The count check above can see a write: the control's own write shows in it.
        assert.equal(JSON.stringify(await stateCounts(t)) !== JSON.stringify(before), base.control.writes);
      });
    }
  }

  it('covers at least 100 (base, mutation) pairs', () => {
    assert.ok(cases >= 100, `only ${cases}`);
  });
});
