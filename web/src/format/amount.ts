/**
 * Money on the console, exactly: amounts arrive as JSON numbers with at most two decimals (or as
 * decimal strings in the record lists) and are formatted from their decimal text, never through
 * float arithmetic. JavaScript prints a number read from JSON as its shortest round-trip decimal,
 * which for such amounts is the text that was sent.
 */

const DECIMAL_RE = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const SCIENTIFIC_RE = /^([+-]?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

/** The plain decimal text of a number or numeric string ("1e+21" becomes "1000000000000000000000"). */
export function decimalText(value: number | string): string | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  if (DECIMAL_RE.test(text)) return text;
  const m = SCIENTIFIC_RE.exec(text);
  if (!m) return null;
  const [, sign = '', int = '', frac = '', expText = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number.parseInt(expText, 10);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

interface Parts {
  negative: boolean;
  int: string;
  frac: string;
}

function partsOf(value: number | string): Parts | null {
  const text = decimalText(value);
  const m = text === null ? null : DECIMAL_RE.exec(text);
  if (!m) return null;
  const int = (m[2] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = m[3] ?? '';
  const zero = /^0*$/.test(int + frac);
  return { negative: m[1] === '-' && !zero, int, frac };
}

const group = (int: string) => int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const CURRENCY_SIGNS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€' };

/**
 * "1234567.5" → "1,234,567.50"; at least two decimals, more when the value has more (rating
 * amounts may); a currency code adds its sign. Text that is not a number is returned as it is.
 */
export function formatAmount(value: number | string | null | undefined, currency?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  const p = partsOf(value);
  if (!p) return String(value);
  const frac = p.frac.length >= 2 ? p.frac : p.frac.padEnd(2, '0');
  const sign = currency ? (CURRENCY_SIGNS[currency] ?? `${currency} `) : '';
  return `${p.negative ? '-' : ''}${sign}${group(p.int)}.${frac}`;
}

/** The amount in fen (hundredths) as a bigint, for exact comparison and sorting; null if not exact. */
export function toFen(value: number | string): bigint | null {
  const p = partsOf(value);
  if (!p || p.frac.replace(/0+$/, '').length > 2) return null;
  const fen = BigInt(p.int + p.frac.padEnd(2, '0').slice(0, 2));
  return p.negative ? -fen : fen;
}

/** Back from fen to decimal text ("12345" → "123.45"). */
export function fenText(fen: bigint): string {
  const negative = fen < 0n;
  const digits = (negative ? -fen : fen).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const INPUT_RE = /^\d{1,12}(\.\d{1,2})?$/;

/**
 * What a user typed in an amount field, checked: digits with at most two decimals, above zero.
 * The text is sent as a JSON number (Number() of such text is the exact nearest double, and
 * JSON.stringify writes it back as the same decimal).
 */
export function parseAmountInput(text: string): { ok: true; value: number; text: string } | { ok: false } {
  const trimmed = text.trim();
  if (!INPUT_RE.test(trimmed)) return { ok: false };
  const fen = toFen(trimmed);
  if (fen === null || fen <= 0n) return { ok: false };
  return { ok: true, value: Number(trimmed), text: trimmed };
}
