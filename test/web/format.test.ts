/**
 * The console's exact money formatting (web/src/format/amount.ts) and masking: amounts are
 * formatted from their decimal text, so every value with at most two decimals comes out exact,
 * whether it arrived as a JSON number or as a string.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decimalText, fenText, formatAmount, parseAmountInput, toFen } from '../../web/src/format/amount.ts';
import { maskEmail, maskName, maskPhone } from '../../web/src/format/mask.ts';

describe('console amounts', () => {
  it('formats with grouping and at least two decimals', () => {
    assert.equal(formatAmount(1000000), '1,000,000.00');
    assert.equal(formatAmount(1234567.8, 'CNY'), '¥1,234,567.80');
    assert.equal(formatAmount(0.1), '0.10');
    assert.equal(formatAmount(-12.3, 'CNY'), '-¥12.30');
    assert.equal(formatAmount('-0.00'), '0.00');
    assert.equal(formatAmount('12.345'), '12.345');
    assert.equal(formatAmount(1e21), '1,000,000,000,000,000,000,000.00');
    assert.equal(formatAmount(undefined), '—');
    assert.equal(formatAmount('n/a'), 'n/a');
  });

  it('expands exponent notation without arithmetic', () => {
    assert.equal(decimalText(1e21), '1000000000000000000000');
    assert.equal(decimalText('1.5e-7'), '0.00000015');
    assert.equal(decimalText('12.5E+1'), '125');
  });

  it('is exact for every amount of at most two decimals, as a number or as text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (fen) => {
        const text = fenText(fen);
        const viaJson = JSON.parse(`{"amount":${text}}`) as { amount: number };
        const expected = formatAmount(text);
        assert.equal(formatAmount(viaJson.amount), expected);
        assert.equal(toFen(viaJson.amount), fen);
        assert.equal(expected.replace(/,/g, ''), text === '-0.00' ? '0.00' : text);
      }),
    );
  });

  it('accepts typed amounts only with at most two decimals, above zero, and sends them unchanged', () => {
    assert.deepEqual(parseAmountInput(' 12.30 '), { ok: true, value: 12.3, text: '12.30' });
    for (const bad of ['', '0', '0.00', '-1', '1.234', '1e3', '1,000', 'abc', '.5', '5.']) assert.equal(parseAmountInput(bad).ok, false, bad);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n - 1n }), (fen) => {
        const text = fenText(fen);
        const parsed = parseAmountInput(text);
        assert.ok(parsed.ok);
        // What goes on the wire is the typed decimal.
        assert.equal(JSON.stringify(parsed.value), text.replace(/\.?0+$/, ''));
      }),
    );
  });
});

describe('console masking', () => {
  it('masks names, phones and e-mails', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳娜娜'), '欧**娜');
    assert.equal(maskName('A'), '*');
    assert.equal(maskPhone('13800138000'), '138****8000');
    assert.equal(maskEmail('alice@example.com'), 'a***@example.com');
    assert.equal(maskEmail('no-at-sign'), 'n******n');
  });
});
