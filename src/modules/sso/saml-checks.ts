import { NS, childNS, childrenNS, parseSafeXml } from './safe-xml.ts';

/** Why a response was refused (logged, never shown to the browser). */
export class Refusal extends Error {}

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export interface AcceptedAssertion {
  id: string;
  issuer: string;
  nameId: string;
  /** When the assertion stops being acceptable: the replay cache keeps it until then. */
  notOnOrAfter: Date;
  attributes: Record<string, string>;
}

const text = (e: Element | undefined) => (e?.textContent ?? '').trim();

function instant(value: string | null, what: string): Date | null {
  if (value === null || value === '') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Refusal(`${what} is not a valid instant`);
  return d;
}

/** The envelope's claims: node-saml checks the signed assertion, not these (they may be unsigned). */
export function checkResponseEnvelope(responseXml: string, expect: { acs: string; issuer: string }): { inResponseTo: string } {
  const root = parseSafeXml(responseXml).documentElement;
  if (root.namespaceURI !== NS.samlp || root.localName !== 'Response') throw new Refusal('not a samlp:Response');
  const inResponseTo = root.getAttribute('InResponseTo') ?? '';
  if (!inResponseTo) throw new Refusal('unsolicited response (no InResponseTo)');
  const destination = root.getAttribute('Destination');
  if (destination !== null && destination !== expect.acs) throw new Refusal(`Destination ${destination} is not our ACS`);
  const issuer = childNS(root, NS.saml, 'Issuer');
  if (issuer && text(issuer) !== expect.issuer) throw new Refusal('response Issuer is not the configured IdP');
  const code = childNS(childNS(root, NS.samlp, 'Status') ?? root, NS.samlp, 'StatusCode')?.getAttribute('Value');
  if (code !== SUCCESS) throw new Refusal(`status ${code ?? 'missing'}`);
  return { inResponseTo };
}

/** Reads InResponseTo before anything else, to find which partner's IdP must have signed the response. */
export function inResponseToOf(responseXml: string): string {
  const root = parseSafeXml(responseXml).documentElement;
  const id = root.getAttribute('InResponseTo') ?? '';
  if (!id) throw new Refusal('unsolicited response (no InResponseTo)');
  return id;
}

/**
 * Checks the assertion node-saml verified (the signed bytes themselves, so a wrapped or injected
 * copy elsewhere in the document is never what is read): issuer, a bearer confirmation for our ACS
 * answering our request within its window, the conditions' window and audience, and the NameID.
 */
export function checkVerifiedAssertion(assertionXml: string, expect: { acs: string; audience: string; issuer: string; requestId: string; now: Date; skewMs: number }): AcceptedAssertion {
  const a = parseSafeXml(assertionXml).documentElement;
  if (a.namespaceURI !== NS.saml || a.localName !== 'Assertion') throw new Refusal('signed element is not a saml:Assertion');
  const id = a.getAttribute('ID') ?? '';
  if (!id || id.length > 256) throw new Refusal('assertion without a usable ID');
  if (text(childNS(a, NS.saml, 'Issuer')) !== expect.issuer) throw new Refusal('assertion Issuer is not the configured IdP');
  const now = expect.now.getTime();
  const within = (notBefore: Date | null, notOnOrAfter: Date | null) =>
    (notBefore === null || now + expect.skewMs >= notBefore.getTime()) && (notOnOrAfter === null || now - expect.skewMs < notOnOrAfter.getTime());

  const subject = childNS(a, NS.saml, 'Subject');
  if (!subject) throw new Refusal('assertion without a Subject');
  const nameId = text(childNS(subject, NS.saml, 'NameID'));
  if (!nameId || nameId.length > 128) throw new Refusal('NameID missing or longer than 128 characters');

  let confirmedUntil: Date | null = null;
  for (const sc of childrenNS(subject, NS.saml, 'SubjectConfirmation')) {
    if (sc.getAttribute('Method') !== BEARER) continue;
    const data = childNS(sc, NS.saml, 'SubjectConfirmationData');
    if (!data) continue;
    const until = instant(data.getAttribute('NotOnOrAfter'), 'SubjectConfirmationData NotOnOrAfter');
    if (
      data.getAttribute('Recipient') === expect.acs &&
      data.getAttribute('InResponseTo') === expect.requestId &&
      until !== null &&
      within(instant(data.getAttribute('NotBefore'), 'SubjectConfirmationData NotBefore'), until)
    ) {
      confirmedUntil = until;
      break;
    }
  }
  if (!confirmedUntil) throw new Refusal('no bearer SubjectConfirmation for our ACS (Recipient), our request (InResponseTo) and now (NotOnOrAfter)');

  const conditions = childrenNS(a, NS.saml, 'Conditions');
  if (conditions.length !== 1) throw new Refusal('the assertion must carry exactly one Conditions');
  const c = conditions[0]!;
  const notBefore = instant(c.getAttribute('NotBefore'), 'Conditions NotBefore');
  const notOnOrAfter = instant(c.getAttribute('NotOnOrAfter'), 'Conditions NotOnOrAfter');
  if (!within(notBefore, notOnOrAfter)) throw new Refusal('outside the Conditions validity window');
  const restrictions = childrenNS(c, NS.saml, 'AudienceRestriction');
  if (restrictions.length === 0) throw new Refusal('no AudienceRestriction');
  for (const r of restrictions) {
    if (!childrenNS(r, NS.saml, 'Audience').some((e) => text(e) === expect.audience)) throw new Refusal('an AudienceRestriction does not name us');
  }

  const attributes: Record<string, string> = {};
  for (const st of childrenNS(a, NS.saml, 'AttributeStatement')) {
    for (const attr of childrenNS(st, NS.saml, 'Attribute')) {
      const name = attr.getAttribute('Name');
      const value = text(childNS(attr, NS.saml, 'AttributeValue'));
      if (name && value && !(name in attributes)) attributes[name] = value.slice(0, 256);
    }
  }
  const until = notOnOrAfter && notOnOrAfter < confirmedUntil ? notOnOrAfter : confirmedUntil;
  return { id, issuer: expect.issuer, nameId, notOnOrAfter: until, attributes };
}
