import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

/** Id generation is injected so that tests can make ids deterministic. */
export interface Ids {
  /** 32 lowercase hex characters: the shape of Huawei account (domain) ids. */
  hex32(): string;
  /** A prefixed business id such as `AD2026...` for transfers. */
  prefixed(prefix: string): string;
  /** A request id for logs and the X-Request-Id header. */
  requestId(): string;
}

/**
 * Random bytes drawn from a pool refilled 4 KiB at a time: a call to randomBytes per id costs more
 * than the rest of making it, and every money movement makes one. (randomUUID pools the same way.)
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/**
 * A business id: the prefix, then 12 hex digits of the wall-clock millisecond and 12 random ones
 * (upper case). Ids made later sort later, so the unique indexes they go into (journal refs,
 * trade ids, event aggregates) grow at their right edge: with random ids, every movement of a
 * grouped commit dirtied a page of its own in each of those indexes, and the commit wrote them all
 * to the WAL. 48 random bits per millisecond keep ids unguessable and distinct across processes.
 */
function timeOrderedHex(): string {
  return (Date.now().toString(16).padStart(12, '0') + randomHex(6)).toUpperCase();
}

export const randomIds: Ids = {
  hex32: () => randomUUID().replaceAll('-', ''),
  prefixed: (prefix) => `${prefix}${timeOrderedHex()}`,
  requestId: () => randomUUID().replaceAll('-', ''),
};

/** Access keys look like Huawei's: 20 upper-case alphanumerics; secrets 40 alphanumerics. */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps the distribution uniform.
  const out: string[] = [];
  const limit = 256 - (256 % alphabet.length);
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out.push(alphabet[byte % alphabet.length]!);
    }
  }
  return out.join('');
}

export function newAccessKeyPair(): { access: string; secret: string } {
  return { access: randomString(ALNUM, 20), secret: randomString(ALNUM_MIXED, 40) };
}

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}
