import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { passwordProblem } from '../../src/modules/customers/field-rules.ts';
import { newCustomerTag } from '../../src/modules/customers/list-sub-customer-new-tags.ts';
import { codeLifetimeMinutes } from '../../src/modules/customers/send-verification-code.ts';
import { sniffFormat } from '../../src/modules/customers/realname-attachments.ts';
import { isSafeObjectKey } from '../../src/platform/object-store.ts';
import { randomDigits } from '../../src/platform/random.ts';

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

describe('customers: rules (properties)', () => {
  it('accepts a password of two character classes that avoids the name and the number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{4,15}$/), fc.stringMatching(/^[0-9]{4,15}$/), fc.stringMatching(/^1[3-9]\d{9}$/), (letters, digits, mobile) => {
        const password = letters + digits;
        fc.pre(!password.includes(mobile));
        assert.equal(passwordProblem(password, 'some-login-name', mobile), null);
      }),
    );
  });

  it('refuses a password of a single character class, of the wrong length, or equal to the name either way round', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{8,32}$/), (p) => assert.notEqual(passwordProblem(p, 'name-x', null), null)));
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{8,32}$/), (p) => assert.notEqual(passwordProblem(p, 'name-x', null), null)));
    fc.assert(fc.property(fc.array(printable, { minLength: 0, maxLength: 7 }), (cs) => assert.notEqual(passwordProblem(cs.join(''), 'name-x', null), null)));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{7,31}$/), (name) => {
        fc.pre(/\d/.test(name));
        assert.notEqual(passwordProblem(name, name, null), null);
        assert.notEqual(passwordProblem([...name].reverse().join('').toUpperCase(), name, null), null);
      }),
    );
  });

  it('gives the new-customer tag 12 months from the approval month in China time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }), (verifiedAt) => {
        const tag = newCustomerTag('c', verifiedAt.toISOString(), verifiedAt);
        const china = new Date(verifiedAt.getTime() + 8 * 3_600_000);
        assert.equal(tag.effective_time, china.toISOString().slice(0, 7));
        const [ey, em] = tag.effective_time!.split('-').map(Number);
        const [xy, xm] = tag.expire_time!.split('-').map(Number);
        assert.equal(xy! * 12 + xm! - (ey! * 12 + em!), 12);
        assert.equal(tag.new_customer_tag, 'Y');
        const later = newCustomerTag('c', verifiedAt.toISOString(), new Date(verifiedAt.getTime() + 367 * 86_400_000));
        assert.equal(later.new_customer_tag, 'N');
      }),
    );
  });

  it('keeps code lifetimes as documented: default 10, more than 60 means 5', () => {
    assert.equal(codeLifetimeMinutes(undefined), 10);
    assert.equal(codeLifetimeMinutes(null), 10);
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), (m) => assert.equal(codeLifetimeMinutes(m), m)));
    fc.assert(fc.property(fc.integer({ min: 61, max: 100_000 }), (m) => assert.equal(codeLifetimeMinutes(m), 5)));
    fc.assert(fc.property(fc.integer({ min: -100, max: 0 }), (m) => assert.throws(() => codeLifetimeMinutes(m))));
  });

  it('draws codes of exactly the asked number of digits from the injected source', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }), (digits) => {
        let i = 0;
        const code = randomDigits({ int: () => digits[i++]! }, 6);
        assert.equal(code, digits.join(''));
      }),
    );
  });

  it('refuses object keys that climb out, start at the root or hide a control character', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), { minLength: 0, maxLength: 4 }), fc.constantFrom('..', '.', '', '\\x', 'a\u0000'), (segs, bad) => {
        assert.equal(isSafeObjectKey([...segs, bad, 'f.png'].join('/')), false);
      }),
    );
    assert.equal(isSafeObjectKey('test/abc023.jpg'), true);
    assert.equal(isSafeObjectKey('/abs.png'), false);
  });

  it('recognises the accepted formats by their first bytes only', () => {
    assert.equal(sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xdb])), 'jpeg');
    assert.equal(sniffFormat(Buffer.from('GIF89a...')), 'gif');
    assert.equal(sniffFormat(Buffer.from('BM....')), 'bmp');
    assert.equal(sniffFormat(Buffer.from('%PDF-1.4')), 'pdf');
    assert.equal(sniffFormat(Buffer.from('<html>')), null);
    assert.equal(sniffFormat(Buffer.alloc(0)), null);
  });
});
