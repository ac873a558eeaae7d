/**
 * Exact rational numbers on bigints, for rating. Prices, usage, unit conversions (1 minute = 1/60
 * hour), discount ratios and proration (remaining seconds / period seconds) are combined without
 * any rounding; a result is truncated once, where the rules say (6 or 10 decimals for a price
 * inquiry, 2 for an order). Money that is stored or moved stays in fen (`money.ts`).
 *
 * A value is always reduced with a positive denominator, so equal values have equal fields.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  const nn = BigInt(n);
  const dd = BigInt(d);
  if (dd === 0n) throw new RangeError('division by zero');
  const g = gcd(nn, dd) || 1n;
  const sign = dd < 0n ? -1n : 1n;
  return { n: (sign * nn) / g, d: (sign * dd) / g };
}

export const ZERO: Rational = rat(0);
export const ONE: Rational = rat(1);

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const cmp = (a: Rational, b: Rational): -1 | 0 | 1 => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const isZero = (a: Rational): boolean => a.n === 0n;
export const isNegative = (a: Rational): boolean => a.n < 0n;
export const min = (a: Rational, b: Rational): Rational => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Rational, b: Rational): Rational => (cmp(a, b) >= 0 ? a : b);
export const sum = (xs: Iterable<Rational>): Rational => {
  let total = ZERO;
  for (const x of xs) total = add(total, x);
  return total;
};

/** Decimal text with an optional exponent: "12", "-0.5", "1e-7", "2.5E3". Null when it is not one. */
const DECIMAL_TEXT_RE = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

export function parseDecimal(text: string): Rational | null {
  const m = DECIMAL_TEXT_RE.exec(text.trim());
  if (!m) return null;
  const [, sign, whole, frac = '', exp = '0'] = m;
  const power = Number(exp) - frac.length;
  let n = BigInt(whole! + frac);
  if (sign === '-') n = -n;
  return power >= 0 ? rat(n * 10n ** BigInt(power)) : rat(n, 10n ** BigInt(-power));
}

/**
 * A JSON number as the wire carried it, read from its shortest decimal text (`String(n)`), never
 * through float arithmetic: 0.1 is exactly 1/10.
 */
export function fromWireNumber(value: number): Rational | null {
  if (!Number.isFinite(value)) return null;
  return parseDecimal(String(value));
}

/** Whether the value is a whole number of 10^-places (no digits beyond `places`). */
export function hasAtMostDecimals(a: Rational, places: number): boolean {
  return (a.n * 10n ** BigInt(places)) % a.d === 0n;
}

/** Truncates toward zero to `places` decimals; returns the count of 10^-places units. */
export function truncateUnits(a: Rational, places: number): bigint {
  return (a.n * 10n ** BigInt(places)) / a.d;
}

/** Truncates toward zero to `places` decimals. */
export function truncate(a: Rational, places: number): Rational {
  return rat(truncateUnits(a, places), 10n ** BigInt(places));
}

/**
 * Plain decimal text of a value that has at most `places` decimals after truncation, without
 * trailing zeros: 12.5 → "12.5", 3 → "3", 1/3 at 6 places → "0.333333".
 */
export function toDecimalText(a: Rational, places: number): string {
  const units = truncateUnits(a, places);
  const negative = units < 0n;
  const digits = abs(units).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = places > 0 ? digits.slice(digits.length - places).replace(/0+$/, '') : '';
  const text = frac ? `${whole}.${frac}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

/**
 * The truncated value as a JSON number. Exact while the decimal text has at most 15 significant
 * digits; beyond that it is the nearest double to the exact decimal (the wire types amounts as
 * JSON numbers, which the SDKs read as decimals).
 */
export function toWireNumber(a: Rational, places: number): number {
  return Number(toDecimalText(a, places));
}

/** The value as decimal text when it has a finite decimal expansion (for storage and export). */
export function toExactText(a: Rational): string | null {
  // A reduced fraction terminates iff its denominator has no prime factors but 2 and 5.
  let d = a.d;
  let places = 0;
  while (d % 10n === 0n) {
    d /= 10n;
    places++;
  }
  let twos = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  let fives = 0;
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return null;
  return toDecimalText(a, places + Math.max(twos, fives));
}
