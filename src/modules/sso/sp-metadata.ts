import { generateServiceProviderMetadata } from '@node-saml/node-saml';
import type { Deps } from '../../platform/deps.ts';
import { spCredentials, spUrls } from './sp-credentials.ts';

/**
 * Our SP metadata: entity id, the ACS (HTTP-POST), our signing certificate, and that we sign
 * requests and want assertions signed. Signed (enveloped, RSA-SHA256) unless `unsigned`. The
 * document's ID derives from the certificate, so the same key gives the same document.
 */
export async function spMetadata(deps: Deps, publicUrl: string, unsigned: boolean): Promise<string> {
  const sp = await spCredentials(deps);
  const urls = spUrls(publicUrl);
  return generateServiceProviderMetadata({
    issuer: urls.entityId,
    callbackUrl: urls.acs,
    publicCerts: sp.certificatePem,
    privateKey: sp.privateKeyPem,
    signMetadata: !unsigned,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    wantAssertionsSigned: true,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    generateUniqueId: () => `_sp${sp.fingerprint.slice(0, 32)}`,
  });
}
