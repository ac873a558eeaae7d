import { eq, fromWireNumber, parseDecimal, rat, sum, toDecimalText, toExactText, type Rational } from '../../platform/rational.ts';

/** Usage quantities as exact decimal text (at most 20 decimals when a value does not terminate). */
export const decimalText = (r: Rational): string => toExactText(r) ?? toDecimalText(r, 20);

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * The exact sum of decimal texts (a month of hourly lines is ~720 of them per resource). Plain
 * non-negative texts, which rating writes, are added as integers at the longest scale among them;
 * anything else goes through rationals. Null when a text is not a decimal.
 */
export function sumDecimalTexts(texts: readonly string[]): string | null {
  const parts = texts.map((t) => PLAIN_DECIMAL.exec(t));
  if (parts.every((m) => m !== null)) {
    const scale = Math.max(0, ...parts.map((m) => m![2]?.length ?? 0));
    const total = parts.reduce((s, m) => s + BigInt(m![1]! + (m![2] ?? '').padEnd(scale, '0')), 0n);
    return decimalText(rat(total, 10n ** BigInt(scale)));
  }
  const values = texts.map(parseDecimal);
  return values.every((v) => v !== null) ? decimalText(sum(values as Rational[])) : null;
}

/**
 * A decimal text as the JSON number the wire types it as, when a double holds it exactly;
 * undefined when it does not (more significant digits than a double keeps): never a rounded value.
 */
export function exactWireNumber(text: string): number | undefined {
  const exact = parseDecimal(text);
  const n = Number(text);
  const back = fromWireNumber(n);
  return exact !== null && back !== null && eq(exact, back) ? n : undefined;
}
