import { createHash, timingSafeEqual } from 'node:crypto';

/** Codes are stored as sha256(`id:code`): never in clear text, and the same code hashes differently per row. */
export const hashCode = (id: string, code: string): string => createHash('sha256').update(`${id}:${code}`).digest('hex');

export function codeMatches(id: string, code: string, storedHash: string): boolean {
  const a = Buffer.from(hashCode(id, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
