import { randomInt } from 'node:crypto';

/**
 * A source of randomness for values people type or read (verification codes), injected like the
 * clock and the id source so that tests may pin it. Ids have their own source (ids.ts).
 */
export interface RandomSource {
  /** A uniformly random integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export const cryptoRandom: RandomSource = { int: (maxExclusive) => randomInt(maxExclusive) };

/** `length` random decimal digits (leading zeros kept). */
export function randomDigits(random: RandomSource, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(random.int(10));
  return out;
}
