import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startTestApp, type TestApp } from '../support/app.ts';
import { assertionXml, b64, makeIdp, responseXml, signAssertion, signedResponse, type AssertionSpec } from './idp.ts';
import { beginLogin, configureSso, postAcs, sessionCounts, spCertificate } from './support.ts';

/**
 * Every refused response answers 401 PBSS.3002 alike and leaves no session behind: no token, no
 * handle. The log says why, and each case checks that it was refused for its own reason.
 */
describe('SSO: refused SAML responses', () => {
  let app: TestApp;
  const idp = makeIdp();
  const stranger = makeIdp(idp.entityId, idp.ssoUrl);
  let xAccountType = '';
  let spCert = '';
  const reasons: string[] = [];

  before(async () => {
    app = await startTestApp();
    app.deps.log = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          const line = JSON.parse(chunk.toString()) as { reason?: string };
          if (line.reason) reasons.push(line.reason);
          done();
        },
      }),
    );
    const res = await configureSso(app, idp);
    xAccountType = String(res.body.xaccount_type);
    spCert = await spCertificate(app);
  });
  after(async () => app.close());

  async function spec(overrides: Partial<AssertionSpec> = {}): Promise<AssertionSpec> {
    const req = await beginLogin(app, xAccountType, spCert);
    return { requestId: req.id, acs: req.acs, audience: req.issuer, nameId: 'platform-user-9', ...overrides };
  }

  async function refused(samlResponse: string, reason: RegExp) {
    const before = await sessionCounts(app);
    reasons.length = 0;
    const res = await postAcs(app, samlResponse);
    assert.equal(res.status, 401, res.body);
    assert.equal((JSON.parse(res.body) as { error_code: string }).error_code, 'PBSS.3002');
    assert.equal(res.cookie, null, 'no handle cookie');
    assert.deepEqual(await sessionCounts(app), before, 'no token and no handle created');
    assert.match(reasons.join(' | '), reason);
  }

  it('an unsigned assertion', async () => {
    const s = await spec();
    await refused(b64(responseXml(idp, { requestId: s.requestId, acs: s.acs, inner: assertionXml(idp, s) })), /signature/i);
  });

  it('an assertion signed by another key', async () => {
    await refused(b64(signedResponse(idp, await spec(), stranger)), /signature/i);
  });

  it('a signed assertion whose content was changed afterwards', async () => {
    const s = await spec();
    const xml = signedResponse(idp, s).replace('>platform-user-9<', '>someone-else<');
    await refused(b64(xml), /signature/i);
  });

  it('wrapping 1: an unsigned evil assertion in place, the signed one hidden in Extensions', async () => {
    const s = await spec();
    const signed = signAssertion(assertionXml(idp, s), idp.privateKeyPem, idp.certPem);
    const evil = assertionXml(idp, { ...s, nameId: 'attacker' });
    await refused(b64(responseXml(idp, { requestId: s.requestId, acs: s.acs, inner: `<samlp:Extensions>${signed}</samlp:Extensions>${evil}` })), /signature/i);
  });

  it('wrapping 2: an evil assertion with the signed one\u2019s ID, the signed one nested inside it', async () => {
    const s = await spec({ assertionId: '_shared-id-1' });
    const signed = signAssertion(assertionXml(idp, s), idp.privateKeyPem, idp.certPem);
    const evil = assertionXml(idp, { ...s, nameId: 'attacker' }).replace('</saml:Issuer>', `</saml:Issuer>${signed}`);
    await refused(b64(responseXml(idp, { requestId: s.requestId, acs: s.acs, inner: evil })), /signature|ID/i);
  });

  it('wrapping 3: the signed assertion plus an evil one beside it', async () => {
    const s = await spec();
    const signed = signAssertion(assertionXml(idp, s), idp.privateKeyPem, idp.certPem);
    const evil = assertionXml(idp, { ...s, nameId: 'attacker' });
    await refused(b64(responseXml(idp, { requestId: s.requestId, acs: s.acs, inner: signed + evil })), /multiple assertions/i);
  });

  it('wrapping 4: the signature moved onto an evil assertion with the same ID', async () => {
    const s = await spec({ assertionId: '_shared-id-2' });
    const signed = signAssertion(assertionXml(idp, s), idp.privateKeyPem, idp.certPem);
    const signature = /<Signature[\s\S]*<\/Signature>/.exec(signed)![0];
    const evil = assertionXml(idp, { ...s, nameId: 'attacker' }).replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
    await refused(b64(responseXml(idp, { requestId: s.requestId, acs: s.acs, inner: evil })), /signature/i);
  });

  it('the wrong audience', async () => {
    await refused(b64(signedResponse(idp, await spec({ audience: 'https://another-sp.test/' }))), /audience/i);
  });

  it('the wrong recipient', async () => {
    await refused(b64(signedResponse(idp, await spec({ recipient: 'https://another-sp.test/acs' }))), /Recipient|SubjectConfirmation/);
  });

  it('the wrong destination on the response', async () => {
    const s = await spec();
    const signed = signAssertion(assertionXml(idp, s), idp.privateKeyPem, idp.certPem);
    await refused(b64(responseXml(idp, { requestId: s.requestId, acs: s.acs, destination: 'https://another-sp.test/acs', inner: signed })), /Destination/);
  });

  it('another issuer, even with the right key', async () => {
    await refused(b64(signedResponse(idp, await spec({ issuer: 'https://impostor.test/saml' }))), /Issuer/);
  });

  it('an expired assertion', async () => {
    const past = new Date(Date.now() - 10 * 60_000);
    await refused(b64(signedResponse(idp, await spec({ notBefore: new Date(past.getTime() - 60_000), notOnOrAfter: past }))), /expired|window|NotOnOrAfter|subject ?confirmation/i);
  });

  it('a not-yet-valid assertion', async () => {
    const future = new Date(Date.now() + 10 * 60_000);
    await refused(b64(signedResponse(idp, await spec({ notBefore: future, notOnOrAfter: new Date(future.getTime() + 5 * 60_000) }))), /not yet valid|window|subject ?confirmation/i);
  });

  it('an unknown InResponseTo', async () => {
    const s = await spec();
    await refused(b64(signedResponse(idp, { ...s, requestId: '_never-sent' })), /InResponseTo/);
  });

  it('a replayed response, and a replayed assertion answering a new request', async () => {
    const s = await spec({ assertionId: '_replayed-assertion' });
    const response = b64(signedResponse(idp, s));
    const first = await postAcs(app, response);
    assert.equal(first.status, 303, first.body);
    await refused(response, /already answered|InResponseTo/);
    // The same assertion (same issuer and ID) signed again for a fresh request: the replay cache.
    const again = await spec({ assertionId: '_replayed-assertion' });
    await refused(b64(signedResponse(idp, again)), /replayed/);
  });

  it('XXE and billion laughs in a SAML response', async () => {
    const s = await spec();
    const xml = signedResponse(idp, s);
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml.replace('platform-user-9', '&x;')}`;
    await refused(b64(xxe), /document type/);
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const laughs = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${lol}]>${xml.replace('platform-user-9', '&l9;')}`;
    await refused(b64(laughs), /document type/);
  });

  it('not base64, or not XML', async () => {
    await refused('%%%not-base64%%%', /base64/);
    await refused(b64('<samlp:Response'), /XML|well-formed|InResponseTo/);
  });
});
