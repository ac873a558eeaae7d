import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  MAX_AMOUNT_FEN,
  amountFromWire,
  findInexactJsonNumber,
  formatAmount,
  formatAmountText,
  parseAmountText,
  toFen,
} from '../../src/platform/money.ts';
import { AppError } from '../../src/platform/errors.ts';

const rejects = (fn: () => unknown, field = 'amount') =>
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'CBC.0100' && e.message.includes(field));

describe('money: wire amounts', () => {
  it('reads exact yuan amounts into fen', () => {
    assert.equal(amountFromWire(10, 'amount'), 1000n);
    assert.equal(amountFromWire(10.0, 'amount'), 1000n);
    assert.equal(amountFromWire(0.01, 'amount'), 1n);
    assert.equal(amountFromWire(0.1, 'amount'), 10n);
    assert.equal(amountFromWire(0.29, 'amount'), 29n);
    assert.equal(amountFromWire(1234.56, 'amount'), 123456n);
    assert.equal(amountFromWire(100000000000, 'amount'), MAX_AMOUNT_FEN);
    assert.equal(amountFromWire(JSON.parse('1e2'), 'amount'), 10000n);
  });

  it('refuses what is not an exact positive amount, naming the field', () => {
    for (const bad of [0, -0, -1, -0.01, 0.001, 1.005, 0.1 + 0.2, 1e-7, 1e21, 1e308, 100000000000.01, 9007199254740993]) {
      rejects(() => amountFromWire(bad, 'amount'));
    }
    for (const bad of [NaN, Infinity, -Infinity, '1', ' 1', '+1', '0x10', null, true, [], {}, undefined, 10n]) {
      rejects(() => amountFromWire(bad, 'amount'));
    }
    rejects(() => amountFromWire(0.001, 'face_value'), 'face_value');
  });

  it('allows zero or negatives only when asked', () => {
    assert.equal(amountFromWire(0, 'x', { allowZero: true }), 0n);
    assert.equal(amountFromWire(-2.5, 'x', { allowNegative: true }), -250n);
    rejects(() => amountFromWire(5, 'x', { max: 499n }), 'x');
  });

  it('parses decimal text strictly', () => {
    assert.equal(parseAmountText('12.3', 'a'), 1230n);
    assert.equal(parseAmountText('0.05', 'a'), 5n);
    for (const bad of ['', '.5', '5.', '1e2', '+1', '01', '1,00', '١٢', '1.001', ' 1', '0x1']) rejects(() => parseAmountText(bad, 'a'), 'a');
  });

  it('formats fen back exactly', () => {
    assert.equal(formatAmountText(1234n), '12.34');
    assert.equal(formatAmountText(-5n), '-0.05');
    assert.equal(formatAmountText(0n), '0.00');
    assert.equal(formatAmount(1234n), 12.34);
    assert.equal(formatAmount(100n), 1);
    assert.equal(JSON.stringify({ amount: formatAmount(10n ** 15n - 1n) }), '{"amount":9999999999999.99}');
    assert.throws(() => formatAmount(10n ** 17n + 1n));
  });

  it('reads database integers from either driver', () => {
    assert.equal(toFen(12), 12n);
    assert.equal(toFen('-9000000000000000'), -9000000000000000n);
    assert.throws(() => toFen(2 ** 60));
    assert.throws(() => toFen('1.5'));
  });

  it('finds numbers the JSON parser would have rounded', () => {
    assert.equal(findInexactJsonNumber('{"amount":10.00,"limit":10}'), null);
    assert.equal(findInexactJsonNumber('{"a":"1.0000000000000001","b":-0,"c":1e2,"d":[0.5]}'), null);
    assert.equal(findInexactJsonNumber('{"amount":1.0000000000000001}'), '1.0000000000000001');
    assert.equal(findInexactJsonNumber('{"n":9007199254740993}'), '9007199254740993');
    assert.equal(findInexactJsonNumber('{"n":1e400}'), '1e400');
    assert.equal(findInexactJsonNumber('{"s":"a\\"1.00000000000000001","n":2}'), null);
  });
});

describe('money: properties', () => {
  const fen = fc.bigInt({ min: 1n, max: MAX_AMOUNT_FEN });

  it('every amount in range survives fen → JSON number → fen', () => {
    fc.assert(
      fc.property(fen, (f) => {
        const wire = JSON.parse(JSON.stringify({ amount: formatAmount(f) })) as { amount: number };
        return amountFromWire(wire.amount, 'amount') === f;
      }),
      { numRuns: 5000 },
    );
  });

  it('decimal text with 2 decimals parses to the same fen as its integer arithmetic', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 11n - 1n }), fc.integer({ min: 0, max: 99 }), (yuan, cents) => {
        const text = `${yuan}.${String(cents).padStart(2, '0')}`;
        const expected = yuan * 100n + BigInt(cents);
        return expected === 0n ? true : parseAmountText(text, 'amount') === expected;
      }),
      { numRuns: 2000 },
    );
  });

  it('any double is either read exactly or refused: never rounded', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (d) => {
        let fenValue: bigint;
        try {
          fenValue = amountFromWire(d, 'amount');
        } catch (e) {
          return e instanceof AppError && e.code === 'CBC.0100';
        }
        // Accepted: the fen value printed back names the same number the double held.
        return Number(formatAmountText(fenValue)) === d && fenValue > 0n && fenValue <= MAX_AMOUNT_FEN;
      }),
      { numRuns: 5000 },
    );
  });

  it('amounts with a third decimal are refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 999 }).filter((x) => x % 10 !== 0), (base, thousandths) => {
        const text = `${base}.${String(thousandths).padStart(3, '0')}`;
        try {
          parseAmountText(text, 'amount');
          return false;
        } catch (e) {
          return e instanceof AppError && e.code === 'CBC.0100';
        }
      }),
    );
  });
});
