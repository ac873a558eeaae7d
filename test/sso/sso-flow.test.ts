import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignedXml } from 'xml-crypto';
import { DOMParser } from '@xmldom/xmldom';
import { startTestApp, type TestApp } from '../support/app.ts';
import { JOB_HANDLERS } from '../../src/job-handlers.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { createCustomerAccount } from '../../src/modules/identity/index.ts';
import { demoActor, DEMO_PASSWORD } from '../../src/modules/sandbox/index.ts';
import { verifyBindRequest, RSA_SHA256 as SP_SIG_ALG } from '../../src/modules/sso/index.ts';
import { hashPassword } from '../../src/platform/passwords.ts';
import { b64, makeIdp, signedResponse, RSA_SHA256 } from './idp.ts';
import { beginLogin, configureSso, openSession, postAcs, spCertificate, startReceiver, whoami, type Received } from './support.ts';

async function formOf(r: Received): Promise<FormData> {
  return new Request('http://receiver/', { method: 'POST', headers: { 'content-type': String(r.headers['content-type']) }, body: new Uint8Array(r.body) }).formData();
}

describe('SSO from a partner platform: login, first-login binding, callback, console session', () => {
  let app: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const idp = makeIdp();
  let xAccountType = '';
  let spCert = '';

  before(async () => {
    app = await startTestApp();
    receiver = await startReceiver();
  });
  after(async () => {
    await app.close();
    await receiver.close();
  });

  it('takes the IdP metadata and yields a platform identifier', async () => {
    const res = await configureSso(app, idp, { bind_callback_url: `${receiver.url}/bind-result`, payment_return_url: 'https://partner.test/paid' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    xAccountType = String(res.body.xaccount_type);
    assert.match(xAccountType, /^[0-9a-f]{32}$/);
    assert.equal(res.body.idp_entity_id, idp.entityId);
    assert.equal(res.body.idp_sso_url, idp.ssoUrl);
    assert.equal((res.body.idp_certificates as unknown[]).length, 1);
    assert.equal(res.body.sp_metadata_url, `${app.url}/authui/saml/metadata.xml`);
  });

  it('publishes SP metadata, signed unless unsigned=true', async () => {
    spCert = await spCertificate(app);
    const signedXml = await (await fetch(`${app.url}/authui/saml/metadata.xml`)).text();
    assert.match(signedXml, /<Signature|<ds:Signature/);
    const doc = new DOMParser().parseFromString(signedXml, 'text/xml');
    const signature = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0]!;
    const verifier = new SignedXml({ publicCert: spCert });
    verifier.loadSignature(signature);
    assert.ok(verifier.checkSignature(signedXml), 'metadata signature verifies with its own certificate');
    assert.match(signedXml, new RegExp(`Location="${app.url}/authui/saml/acs"`));
    const unsigned = await (await fetch(`${app.url}/authui/saml/metadata.xml?unsigned=true`)).text();
    assert.doesNotMatch(unsigned, /SignatureValue/);
    assert.equal(await spCertificate(app), spCert, 'the key is made once and kept');
  });

  it('first login: redirect with a signed AuthnRequest, ACS, registration of a new account, signed callback, console session', async () => {
    const req = await beginLogin(app, xAccountType, spCert, true, '/console/');
    assert.ok(req.location.startsWith(`${idp.ssoUrl}?SAMLRequest=`));
    assert.equal(req.sigAlg, RSA_SHA256);
    assert.ok(req.signatureValid, 'the AuthnRequest query signature verifies with the SP certificate');
    assert.equal(req.acs, `${app.url}/authui/saml/acs`);
    assert.equal(req.issuer, `${app.url}/authui/saml/metadata.xml`);
    assert.equal(req.destination, idp.ssoUrl);

    const acs = await postAcs(app, b64(signedResponse(idp, { requestId: req.id, acs: req.acs, audience: req.issuer, nameId: 'platform-user-1', attributes: { domain_name: 'sso-new-customer' } })));
    assert.equal(acs.status, 303, acs.body);
    assert.equal(acs.location, '/authui/saml/bind');
    assert.ok(acs.cookie?.startsWith('pbss_sso='));

    const page = await fetch(`${app.url}/authui/saml/bind`, { headers: { cookie: acs.cookie! } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /platform-user-1/);
    assert.match(html, /value="sso-new-customer"/);

    const bound = await fetch(`${app.url}/authui/saml/bind`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: acs.cookie!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'create', domain_name: 'sso-new-customer', password: 'Sso#Pass2026' }).toString(),
    });
    assert.equal(bound.status, 303, await bound.text());
    assert.equal(bound.headers.get('location'), '/authui/saml/landing');
    const loginCookie = bound.headers.get('set-cookie')!.split(';')[0]!;

    // The callback goes out through the jobs table, not inline.
    assert.equal(receiver.received.length, 0);
    await runDueJobs(app.deps, JOB_HANDLERS);
    const callback = receiver.received.find((r) => r.url === '/bind-result');
    assert.ok(callback, 'the partner callback was posted');
    assert.match(String(callback.headers['content-type']), /^multipart\/form-data/);
    const form = await formOf(callback);
    const bindRequest = String(form.get('bindRequest'));
    assert.equal(form.get('SigAlg'), SP_SIG_ALG);
    assert.ok(verifyBindRequest(spCert, bindRequest, String(form.get('Signature'))), 'Signature verifies with the SP certificate');
    assert.ok(!verifyBindRequest(idp.certPem, bindRequest, String(form.get('Signature'))));
    const result = JSON.parse(Buffer.from(bindRequest, 'base64').toString('utf8')) as Record<string, unknown>;
    assert.equal(result.xUserId, 'platform-user-1');
    assert.equal(result.domainName, 'sso-new-customer');
    assert.equal(result.bindAction, 2);

    const landing = await fetch(`${app.url}/authui/saml/landing`);
    assert.match(landing.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const session = await openSession(app, loginCookie);
    assert.equal(session.status, 200, JSON.stringify(session.body));
    assert.equal(session.body.service, '/console/');
    const me = await whoami(app, String(session.body.token));
    assert.equal(me.status, 200);
    assert.equal(me.body.role, 'customer');
    assert.equal(me.body.domain.name, 'sso-new-customer');
    assert.equal(me.body.domain.id, result.domainId);
    // The handle is single-use.
    assert.equal((await openSession(app, loginCookie)).status, 410);
  });

  it('a bound platform user lands straight in the console', async () => {
    const req = await beginLogin(app, xAccountType, spCert, false, `${app.url}/console/#/orders`);
    const acs = await postAcs(app, b64(signedResponse(idp, { requestId: req.id, acs: req.acs, audience: req.issuer, nameId: 'platform-user-1' })));
    assert.equal(acs.status, 303, acs.body);
    assert.equal(acs.location, '/authui/saml/landing');
    const session = await openSession(app, acs.cookie!);
    assert.equal(session.body.service, '/console/#/orders');
    assert.equal((await whoami(app, String(session.body.token))).body.domain.name, 'sso-new-customer');
  });

  it('binds an existing account of the partner proven by its password; refuses a foreign one', async () => {
    const dist = demoActor('distributor');
    await createCustomerAccount(app.deps, { name: 'sso-existing-cust', partnerId: dist.accountId, associationType: 2, passwordHash: await hashPassword('Exist#Pass2026') });
    const req = await beginLogin(app, xAccountType, spCert, true);
    const acs = await postAcs(app, b64(signedResponse(idp, { requestId: req.id, acs: req.acs, audience: req.issuer, nameId: 'platform-user-2' })));
    assert.equal(acs.location, '/authui/saml/bind');
    const post = (fields: Record<string, string>) =>
      fetch(`${app.url}/authui/saml/bind`, { method: 'POST', redirect: 'manual', headers: { cookie: acs.cookie!, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

    const wrong = await post({ action: 'bind', domain_name: 'sso-existing-cust', password: 'Wrong#Pass1' });
    assert.equal(wrong.status, 401);
    // Another partner's customer answers like a wrong password.
    const foreign = await post({ action: 'bind', domain_name: demoActor('provider_customer').accountName, password: DEMO_PASSWORD });
    assert.equal(foreign.status, 401);

    const ok = await post({ action: 'bind', domain_name: 'sso-existing-cust', password: 'Exist#Pass2026' });
    assert.equal(ok.status, 303);
    await runDueJobs(app.deps, JOB_HANDLERS);
    const last = receiver.received.filter((r) => r.url === '/bind-result').at(-1)!;
    const result = JSON.parse(Buffer.from(String((await formOf(last)).get('bindRequest')), 'base64').toString('utf8')) as Record<string, unknown>;
    assert.deepEqual([result.xUserId, result.domainName, result.bindAction], ['platform-user-2', 'sso-existing-cust', 1]);
    const session = await openSession(app, ok.headers.get('set-cookie')!.split(';')[0]!);
    assert.equal((await whoami(app, String(session.body.token))).body.domain.name, 'sso-existing-cust');
    // The events of the binding were written for webhooks.
    const events = await app.deps.db.kysely.selectFrom('outbox_events').select('type').where('type', 'in', ['customer.created', 'customer.bound']).execute();
    assert.deepEqual(events.map((e) => e.type).sort(), ['customer.bound', 'customer.created']);
  });

  it('maps NameID to customers registered under the chosen platform identifier', async () => {
    const provider = makeIdp('https://idp.provider.test/saml', 'https://idp.provider.test/sso');
    const who = { access: demoActor('solution_provider').access, secret: demoActor('solution_provider').secret, domainId: demoActor('solution_provider').accountId };
    const res = await configureSso(app, provider, { xaccount_type: 'demo_platform' }, who);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const req = await beginLogin(app, 'demo_platform', spCert);
    const customer = demoActor('provider_customer');
    const acs = await postAcs(app, b64(signedResponse(provider, { requestId: req.id, acs: req.acs, audience: req.issuer, nameId: `x-${customer.accountName}` })));
    assert.equal(acs.location, '/authui/saml/landing');
    const session = await openSession(app, acs.cookie!);
    assert.equal((await whoami(app, String(session.body.token))).body.domain.id, customer.accountId);
  });

  it('refuses an open redirect as the landing target', async () => {
    const req = await beginLogin(app, xAccountType, spCert, false, 'https://evil.test/steal');
    const acs = await postAcs(app, b64(signedResponse(idp, { requestId: req.id, acs: req.acs, audience: req.issuer, nameId: 'platform-user-1' })));
    const session = await openSession(app, acs.cookie!);
    assert.equal(session.body.service, '/console/');
  });
});
