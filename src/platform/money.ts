import { AppError } from './errors.ts';

/**
 * Money is a bigint count of fen (0.01 CNY) inside the platform. On the partner API's wire an amount
 * is a JSON number of yuan with at most 2 decimals (the SDK models type it as a Decimal). A wire
 * number is read from its shortest decimal text (`String(n)`), never through float arithmetic, and
 * anything that does not name an exact number of fen is refused rather than rounded.
 */
export type Fen = bigint;

/**
 * The largest amount one request may move: 10^13 fen (100 billion yuan). Huawei's legacy API limited
 * an amount to 13 characters; every amount up to this bound is exact as a double, with room to spare.
 */
export const MAX_AMOUNT_FEN: Fen = 10n ** 13n;

/** Balances are kept within ±9·10^15 fen (a database CHECK) so that both drivers read them exactly. */
export const MAX_BALANCE_FEN: Fen = 9n * 10n ** 15n;

/** Plain decimal text: optional minus, integer part, optional fraction. No exponent, no plus sign. */
const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

export interface AmountRules {
  /** Allow 0 (default: an amount must be > 0, as every funds write of the partner API says). */
  allowZero?: boolean;
  /** Allow amounts below 0 (default false). */
  allowNegative?: boolean;
  /** Upper bound in fen (default MAX_AMOUNT_FEN). */
  max?: Fen;
}

const invalid = (field: string, why: string) => new AppError('CBC.0100', `invalid parameter: ${field} ${why}`);

/** Parses decimal text of yuan ("12.3", "0.05", "100") into fen, exactly; throws CBC.0100 naming the field. */
export function parseAmountText(text: string, field: string, rules: AmountRules = {}): Fen {
  const m = DECIMAL_RE.exec(text);
  if (!m) throw invalid(field, 'must be a plain decimal number of yuan');
  const [, sign, whole, frac = ''] = m;
  if (frac.length > 2) throw invalid(field, 'must have at most 2 decimal places');
  if (whole!.length > 1 && whole!.startsWith('0')) throw invalid(field, 'must not have leading zeros');
  const magnitude = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
  const fen = sign === '-' ? -magnitude : magnitude;
  return checkRules(fen, field, rules);
}

/**
 * Parses an amount as the JSON body carried it (a number of yuan) into fen. Strings, booleans, null,
 * NaN, Infinity, exponent forms (1e21, 1e-7), more than 2 decimals, zero, negatives and amounts over
 * the maximum are refused with CBC.0100.
 */
export function amountFromWire(value: unknown, field: string, rules: AmountRules = {}): Fen {
  if (typeof value !== 'number') throw invalid(field, 'must be a number');
  if (!Number.isFinite(value)) throw invalid(field, 'must be a finite number');
  // -0 prints as "0"; String() of a double is its shortest round-trip decimal form.
  return parseAmountText(String(value), field, rules);
}

function checkRules(fen: Fen, field: string, rules: AmountRules): Fen {
  const max = rules.max ?? MAX_AMOUNT_FEN;
  if (fen < 0n && !rules.allowNegative) throw invalid(field, 'must be greater than 0');
  if (fen === 0n && !rules.allowZero) throw invalid(field, 'must be greater than 0');
  if (fen > max || -fen > max) throw invalid(field, `must not exceed ${formatAmountText(max)}`);
  return fen;
}

/** Fen as decimal text with exactly 2 decimals: 1234n → "12.34", -5n → "-0.05". */
export function formatAmountText(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/**
 * Fen as the JSON number of yuan the wire expects. Exact for every |amount| below 10^15 fen (15
 * significant digits always survive a double); beyond that it throws rather than print a rounded value.
 */
export function formatAmount(fen: Fen): number {
  const text = formatAmountText(fen);
  const n = Number(text);
  if (!sameDecimalValue(String(n), text)) {
    throw new Error(`amount ${text} cannot be written exactly as a JSON number`);
  }
  return n;
}

/** Reads a bigint column: SQLite returns numbers, PostgreSQL returns int8 as text. */
export function toFen(value: number | string | bigint): Fen {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`unsafe integer from the database: ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new Error(`not an integer from the database: ${value}`);
  return BigInt(value);
}

/**
 * Finds a number in raw JSON text that JSON.parse cannot hold exactly (e.g. `1.0000000000000001`,
 * which parses as 1, or `9007199254740993`). Returns its text, or null when every number is exact.
 * Money bodies are checked with this before their amounts are read, so that no rounding done by the
 * JSON parser goes unnoticed.
 */
export function findInexactJsonNumber(json: string): string | null {
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < json.length && /[0-9eE+\-.]/.test(json[j]!)) j++;
      const literal = json.slice(i, j);
      if (!sameDecimalValue(literal, String(Number(literal)))) return literal;
      i = j - 1;
    }
  }
  return null;
}

/** Whether two decimal texts (with optional exponents) name the same number. */
function sameDecimalValue(a: string, b: string): boolean {
  const x = canonicalDecimal(a);
  const y = canonicalDecimal(b);
  return x !== null && y !== null && x === y;
}

/** "-12.340e3" → "-1234e1": sign, significant digits without trailing zeros, power of ten. Zero → "0". */
function canonicalDecimal(text: string): string | null {
  const m = /^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return null;
  const [, sign, whole, frac = '', exp = '0'] = m;
  let digits = (whole! + frac).replace(/^0+/, '');
  let power = Number(exp) - frac.length;
  if (digits === '') return '0';
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    power++;
  }
  return `${sign}${digits}e${power}`;
}
