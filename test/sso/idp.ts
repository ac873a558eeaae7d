/**
 * A SAML 2.0 identity provider for tests, built from xml-crypto with its own key: it writes its
 * metadata, checks our signed AuthnRequests (HTTP-Redirect) with the certificate from our SP
 * metadata, and signs responses (enveloped signature over the assertion) that tests then bend.
 */
import { createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { selfSignedCertificate } from '../../src/modules/sso/index.ts';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export interface TestIdp {
  entityId: string;
  ssoUrl: string;
  privateKeyPem: string;
  certPem: string;
  certB64: string;
  metadata(): string;
}

export function makeIdp(entityId = 'https://idp.partner.test/saml', ssoUrl = 'https://idp.partner.test/sso'): TestIdp {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return idpWithKey(privateKey, entityId, ssoUrl);
}

export function idpWithKey(privateKey: KeyObject, entityId: string, ssoUrl: string): TestIdp {
  const now = new Date();
  const certPem = selfSignedCertificate(privateKey, { commonName: 'test idp', serial: randomBytes(8), notBefore: new Date(now.getTime() - 86400_000), notAfter: new Date(now.getTime() + 365 * 86400_000) });
  const certB64 = certPem.replace(/-----[^-]+-----|\s/g, '');
  return {
    entityId,
    ssoUrl,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certPem,
    certB64,
    metadata: () =>
      `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="true">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certB64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`,
  };
}

export interface ReceivedAuthnRequest {
  id: string;
  acs: string;
  issuer: string;
  destination: string;
  signatureValid: boolean;
  sigAlg: string;
}

/** Reads the AuthnRequest from our redirect and checks its query signature with our SP certificate. */
export function readAuthnRequest(location: string, spCertPem: string): ReceivedAuthnRequest {
  const url = new URL(location);
  const raw = new Map(url.search.slice(1).split('&').map((p) => p.split('=', 2) as [string, string]));
  const signed = ['SAMLRequest', 'RelayState', 'SigAlg'].filter((k) => raw.has(k)).map((k) => `${k}=${raw.get(k)}`).join('&');
  const sigAlg = url.searchParams.get('SigAlg') ?? '';
  const signature = url.searchParams.get('Signature') ?? '';
  const signatureValid = createVerify('RSA-SHA256').update(signed).verify(spCertPem, signature, 'base64');
  const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
  const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1] ?? '';
  const issuer = /<saml:Issuer[^>]*>([^<]*)<\/saml:Issuer>/.exec(xml)?.[1] ?? '';
  return { id: attr('ID'), acs: attr('AssertionConsumerServiceURL'), destination: attr('Destination'), issuer, signatureValid, sigAlg };
}

export interface AssertionSpec {
  requestId: string;
  acs: string;
  audience: string;
  nameId: string;
  issuer?: string;
  recipient?: string;
  assertionId?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  attributes?: Record<string, string>;
}

const iso = (d: Date) => d.toISOString();

export function assertionXml(idp: TestIdp, s: AssertionSpec): string {
  const now = new Date();
  const notBefore = s.notBefore ?? new Date(now.getTime() - 30_000);
  const notOnOrAfter = s.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const attrs = Object.entries(s.attributes ?? {})
    .map(([k, v]) => `<saml:Attribute Name="${k}"><saml:AttributeValue>${v}</saml:AttributeValue></saml:Attribute>`)
    .join('');
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${s.assertionId ?? `_a${randomBytes(12).toString('hex')}`}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${s.issuer ?? idp.entityId}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${s.nameId}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${s.requestId}" Recipient="${s.recipient ?? s.acs}" NotOnOrAfter="${iso(notOnOrAfter)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${s.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`
  );
}

/** Signs the (first) assertion in `xml` with an enveloped signature placed after its Issuer. */
export function signAssertion(xml: string, privateKeyPem: string, certPem: string): string {
  const sig = new SignedXml({ privateKey: privateKeyPem, publicCert: certPem, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  sig.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  sig.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

export function responseXml(idp: TestIdp, s: { requestId: string; acs: string; inner: string; destination?: string }): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(12).toString('hex')}" Version="2.0" IssueInstant="${iso(new Date())}" Destination="${s.destination ?? s.acs}" InResponseTo="${s.requestId}">` +
    `<saml:Issuer>${idp.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    s.inner +
    `</samlp:Response>`
  );
}

/** A complete signed response for a spec: what a well-behaved IdP sends. */
export function signedResponse(idp: TestIdp, s: AssertionSpec, signer: { privateKeyPem: string; certPem: string } = idp): string {
  const signed = signAssertion(assertionXml(idp, s), signer.privateKeyPem, signer.certPem);
  return responseXml(idp, { requestId: s.requestId, acs: s.acs, inner: signed });
}

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');
