import { DOMParser } from '@xmldom/xmldom';

/**
 * XML from outside (IdP metadata, SAML responses) is parsed only without a document type: neither
 * SAML messages nor metadata need one, and refusing it outright closes external entities (XXE)
 * and entity expansion (billion laughs) whatever a parser would do with them. Parse errors throw.
 */
export class UnsafeXmlError extends Error {}

const FORBIDDEN = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i;

export function parseSafeXml(text: string): Document {
  if (FORBIDDEN.test(text)) throw new UnsafeXmlError('document type declarations and entities are not allowed');
  const fail = (msg: string) => {
    throw new UnsafeXmlError(`not well-formed XML: ${msg.split('\n')[0]}`);
  };
  const doc = new DOMParser({ locator: {}, errorHandler: { warning: () => undefined, error: fail, fatalError: fail } }).parseFromString(text, 'text/xml');
  if (!doc || !doc.documentElement) throw new UnsafeXmlError('not an XML document');
  return doc as unknown as Document;
}

/** Direct children of `parent` with this namespace and local name. */
export function childrenNS(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName) out.push(n as Element);
  }
  return out;
}

export const childNS = (parent: Element, ns: string, localName: string): Element | undefined => childrenNS(parent, ns, localName)[0];

export const NS = {
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
} as const;
