import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { credsOf, signedFetch } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { makeIdp } from './idp.ts';
import { configureSso, distributor } from './support.ts';

describe('SSO access configuration: metadata upload, roles, operator plane', () => {
  let app: TestApp;
  const idp = makeIdp();
  const put = (body: unknown, who = distributor()) =>
    signedFetch(app.url, who, { method: 'PUT', path: '/partner/v1/sso/access-config', headers: { 'Content-Type': 'application/json' }, body });
  const configs = async () => Number((await app.deps.db.kysely.selectFrom('sso_configs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    app = await startTestApp();
  });
  after(async () => app.close());

  it('refuses metadata with external entities (XXE) or entity expansion (billion laughs), storing nothing', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE md [<!ENTITY x SYSTEM "file:///etc/passwd">]>${idp.metadata().replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace(idp.entityId, '&x;')}`;
    let res = await put({ idp_metadata: xxe });
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 'PBSS.3001');
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const laughs = `<?xml version="1.0"?><!DOCTYPE md [<!ENTITY l0 "lol">${lol}]>${idp.metadata().replace('<?xml version="1.0" encoding="UTF-8"?>', '').replace(idp.entityId, '&l9;')}`;
    res = await put({ idp_metadata: laughs });
    assert.equal(res.status, 400);
    assert.equal(res.body.error_code, 'PBSS.3001');
    assert.equal(await configs(), 0);
  });

  it('refuses metadata that is not usable IdP metadata', async () => {
    const cases: [string, RegExp][] = [
      ['<not-xml', /well-formed/],
      ['<x xmlns="urn:other"/>', /EntityDescriptor/],
      [idp.metadata().replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, ''), /signing certificate/],
      [idp.metadata().replace('HTTP-Redirect', 'HTTP-POST'), /HTTP-Redirect/],
      [idp.metadata().replace(idp.certB64, 'AAAA'), /certificate/],
      [idp.metadata().replace(idp.ssoUrl, 'ftp://idp.partner.test/sso'), /Location/],
    ];
    for (const [xml, why] of cases) {
      const res = await put({ idp_metadata: xml });
      assert.equal(res.status, 400, xml.slice(0, 80));
      assert.equal(res.body.error_code, 'PBSS.3001');
      assert.match(String(res.body.error_msg), why);
    }
    const big = await put({ idp_metadata: idp.metadata().replace('</md:EntityDescriptor>', `<!--${'x'.repeat(2 * 1024 * 1024)}--></md:EntityDescriptor>`) });
    assert.equal(big.status, 400);
    const first = await put({ bind_callback_url: 'https://partner.test/cb' });
    assert.equal(first.status, 404, 'the first configuration needs metadata');
    assert.equal(first.body.error_code, 'PBSS.3003');
    assert.equal(await configs(), 0);
  });

  it('lets partners manage their own configuration; customers are refused', async () => {
    const res = await configureSso(app, idp, { xaccount_type: 'dist_platform', bind_callback_url: 'https://partner.test/cb' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.xaccount_type, 'dist_platform');
    // Changing URLs keeps the identifier; the identifier itself cannot change.
    const changed = await put({ payment_return_url: 'https://partner.test/paid', bind_callback_url: null });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.payment_return_url, 'https://partner.test/paid');
    assert.equal(changed.body.bind_callback_url, null);
    assert.equal((await put({ xaccount_type: 'other' })).status, 400);
    // A partner's staff act for the partner.
    const staff = await signedFetch(app.url, credsOf(demoActor('partner_operator')), { method: 'GET', path: '/partner/v1/sso/access-config' });
    assert.equal(staff.body.xaccount_type, 'dist_platform');
    const customer = await signedFetch(app.url, credsOf(demoActor('resale_customer')), { method: 'GET', path: '/partner/v1/sso/access-config' });
    assert.equal(customer.status, 403);
    // Another partner cannot take the identifier, and sees only its own (none).
    const provider = credsOf(demoActor('solution_provider'));
    const taken = await configureSso(app, makeIdp('https://idp.other.test/', 'https://idp.other.test/sso'), { xaccount_type: 'dist_platform' }, provider);
    assert.equal(taken.status, 409);
    assert.equal((await signedFetch(app.url, provider, { method: 'GET', path: '/partner/v1/sso/access-config' })).status, 404);
    // Plain http callbacks are fine in the sandbox, other schemes are not.
    assert.equal((await put({ bind_callback_url: 'javascript:alert(1)' })).status, 400);
  });

  it('the operator reads, sets and removes any partner\u2019s configuration', async () => {
    const op = credsOf(demoActor('operator'));
    const reseller = demoActor('reseller_one').accountId;
    const set = await signedFetch(app.url, op, {
      method: 'PUT',
      path: `/operator/v1/partners/${reseller}/sso/access-config`,
      headers: { 'Content-Type': 'application/json' },
      body: { idp_metadata: makeIdp('https://idp.reseller.test/', 'https://idp.reseller.test/sso').metadata() },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.partner_id, reseller);
    const got = await signedFetch(app.url, op, { method: 'GET', path: `/operator/v1/partners/${reseller}/sso/access-config` });
    assert.equal(got.body.xaccount_type, set.body.xaccount_type);
    const partnerTries = await signedFetch(app.url, distributor(), { method: 'GET', path: `/operator/v1/partners/${reseller}/sso/access-config` });
    assert.equal(partnerTries.status, 403);
    const removed = await signedFetch(app.url, op, { method: 'DELETE', path: `/operator/v1/partners/${reseller}/sso/access-config` });
    assert.equal(removed.status, 204);
    const login = await fetch(`${app.url}/authui/saml/login?xAccountType=${set.body.xaccount_type}`, { redirect: 'manual' });
    assert.equal(login.status, 404);
  });

  it('documents the extension routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const p of ['/partner/v1/sso/access-config', '/operator/v1/partners/{id}/sso/access-config', '/authui/saml/login', '/authui/saml/acs', '/partner/v1/webhooks/subscriptions', '/partner/v1/webhooks/deliveries/{id}/replay']) {
      assert.ok(doc.paths[p], `${p} is documented`);
    }
  });
});
