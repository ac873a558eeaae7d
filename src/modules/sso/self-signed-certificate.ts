import { createPublicKey, sign, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 certificate (v3, RSA with SHA-256) for our SAML service provider: SAML peers
 * exchange keys as certificates, and Node can make keys but not certificates, so the few DER
 * structures needed are written here instead of adding a dependency.
 */

const der = (tag: number, body: Buffer): Buffer => {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : n < 0x10000 ? Buffer.from([0x82, n >> 8, n & 0xff]) : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
};
const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const int = (bytes: Buffer) => der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const nul = () => Buffer.from([0x05, 0x00]);
const utf8 = (s: string) => der(0x0c, Buffer.from(s, 'utf8'));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const bytes = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) bytes.unshift((v & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return der(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString();
  const compact = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  // UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
  return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(compact.slice(2), 'ascii')) : der(0x18, Buffer.from(compact, 'ascii'));
}

const SHA256_WITH_RSA = () => seq(oid('1.2.840.113549.1.1.11'), nul());

export function selfSignedCertificate(privateKey: KeyObject, input: { commonName: string; serial: Buffer; notBefore: Date; notAfter: Date }): string {
  const name = seq(set(seq(oid('2.5.4.3'), utf8(input.commonName))));
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const tbs = seq(
    der(0xa0, int(Buffer.from([2]))), // version 3
    int(input.serial),
    SHA256_WITH_RSA(),
    name,
    seq(time(input.notBefore), time(input.notAfter)),
    name,
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, SHA256_WITH_RSA(), der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = cert.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
