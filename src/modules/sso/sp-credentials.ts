import { createHash, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { newOpaqueToken } from '../../platform/ids.ts';
import { selfSignedCertificate } from './self-signed-certificate.ts';
import { findSpCredentials, insertSpCredentials } from './sso.repo.ts';

export interface SpCredentials {
  privateKeyPem: string;
  certificatePem: string;
  /** Stable per key: names the SP metadata document. */
  fingerprint: string;
}

const CERT_YEARS = 20;
const loaded = new WeakMap<object, Promise<SpCredentials>>();

/**
 * Our service provider's signing key and certificate: made on first use, kept in the database with
 * the private key sealed by the master key (so every instance on the database signs alike and no
 * key file is committed), then cached per database handle. Concurrent first uses agree through
 * the primary key: the first insert wins and everyone reads it back.
 */
export function spCredentials(deps: Pick<Deps, 'db' | 'secretBox' | 'wallClock'>): Promise<SpCredentials> {
  let p = loaded.get(deps.db);
  if (!p) {
    p = loadOrCreate(deps);
    p.catch(() => loaded.delete(deps.db));
    loaded.set(deps.db, p);
  }
  return p;
}

async function loadOrCreate(deps: Pick<Deps, 'db' | 'secretBox' | 'wallClock'>): Promise<SpCredentials> {
  const db = deps.db.kysely;
  let row = await findSpCredentials(db);
  if (!row) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    // Certificates are about real time, not the sandbox's business clock.
    const now = deps.wallClock.now();
    const certificatePem = selfSignedCertificate(privateKey, {
      commonName: 'partner-bss SAML service provider',
      serial: Buffer.from(newOpaqueToken(), 'base64url').subarray(0, 16),
      notBefore: new Date(now.getTime() - 24 * 3600_000),
      notAfter: new Date(now.getTime() + CERT_YEARS * 365 * 24 * 3600_000),
    });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await insertSpCredentials(db, { private_key_sealed: deps.secretBox.seal(pem), certificate_pem: certificatePem, created_at: iso(now) });
    row = await findSpCredentials(db);
    if (!row) throw new Error('SP credentials were not stored');
  }
  const privateKeyPem = deps.secretBox.open(row.private_key_sealed);
  createPrivateKey(privateKeyPem); // fails early on a wrong master key
  return { privateKeyPem, certificatePem: row.certificate_pem, fingerprint: createHash('sha256').update(row.certificate_pem).digest('hex') };
}

export interface SpUrls {
  /** Our entity id (the audience IdPs must name): the metadata URL. */
  entityId: string;
  /** Where IdPs post responses (the recipient and destination they must name). */
  acs: string;
  metadata: string;
  login: string;
}

export function spUrls(publicUrl: string): SpUrls {
  const base = publicUrl.replace(/\/+$/, '');
  return { entityId: `${base}/authui/saml/metadata.xml`, acs: `${base}/authui/saml/acs`, metadata: `${base}/authui/saml/metadata.xml`, login: `${base}/authui/saml/login` };
}
