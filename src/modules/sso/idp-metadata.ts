import { X509Certificate, createHash } from 'node:crypto';
import { NS, UnsafeXmlError, childNS, childrenNS, parseSafeXml } from './safe-xml.ts';

export const MAX_METADATA_BYTES = 2 * 1024 * 1024;
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export class MetadataError extends Error {}

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  /** Base64 DER of each signing certificate. */
  certificates: string[];
  sha256: string;
}

/**
 * Reads a partner's IdP metadata (a SAML 2.0 EntityDescriptor with an IDPSSODescriptor): its
 * entity id, its signing certificates (KeyDescriptor use="signing" or without use) and its
 * HTTP-Redirect SingleSignOnService. Pure: the caller checks the URL against the mode.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_BYTES) throw new MetadataError('IdP metadata must be at most 2 MB');
  let doc: Document;
  try {
    doc = parseSafeXml(xml);
  } catch (err) {
    throw new MetadataError(err instanceof UnsafeXmlError ? err.message : 'not well-formed XML');
  }
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.md || root.localName !== 'EntityDescriptor') throw new MetadataError('the document must be a SAML 2.0 md:EntityDescriptor');
  const entityId = root.getAttribute('entityID') ?? '';
  if (!entityId || entityId.length > 1024) throw new MetadataError('EntityDescriptor needs an entityID (at most 1024 characters)');
  const idp = childrenNS(root, NS.md, 'IDPSSODescriptor').find((e) => (e.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(PROTOCOL));
  if (!idp) throw new MetadataError('no IDPSSODescriptor supporting the SAML 2.0 protocol');

  const certificates: string[] = [];
  for (const kd of childrenNS(idp, NS.md, 'KeyDescriptor')) {
    const use = kd.getAttribute('use');
    if (use && use !== 'signing') continue;
    const keyInfo = childNS(kd, NS.ds, 'KeyInfo');
    for (const data of keyInfo ? childrenNS(keyInfo, NS.ds, 'X509Data') : []) {
      for (const c of childrenNS(data, NS.ds, 'X509Certificate')) {
        const b64 = (c.textContent ?? '').replace(/\s+/g, '');
        let cert: X509Certificate;
        try {
          cert = new X509Certificate(Buffer.from(b64, 'base64'));
        } catch {
          throw new MetadataError('a signing X509Certificate is not a valid certificate');
        }
        if (cert.publicKey.asymmetricKeyType !== 'rsa') throw new MetadataError('signing certificates must hold RSA keys');
        certificates.push(b64);
      }
    }
  }
  if (certificates.length === 0) throw new MetadataError('no signing certificate (KeyDescriptor use="signing" with ds:X509Certificate)');

  const sso = childrenNS(idp, NS.md, 'SingleSignOnService').find((e) => e.getAttribute('Binding') === REDIRECT_BINDING);
  const ssoUrl = sso?.getAttribute('Location') ?? '';
  if (!ssoUrl) throw new MetadataError('no SingleSignOnService with the HTTP-Redirect binding');
  return { entityId, ssoUrl, certificates: [...new Set(certificates)], sha256: createHash('sha256').update(xml, 'utf8').digest('hex') };
}

export const pemOf = (b64: string) => `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END CERTIFICATE-----\n`;
