import { invalidParam } from './customers.errors.ts';

/**
 * Field rules of the customer operations, as the partner documents state them. Each check names
 * the field the caller sent.
 */

/** Mainland China mobile numbers: 11 digits starting with 1 (the documents accept China numbers only). */
export const CHINA_MOBILE_RE = /^1[3-9]\d{9}$/;

/** check_user_identity's login-name rule: 5-32, a letter or `-` first, no reserved prefix. */
export const CHECK_NAME_RE = /^(?!op_|shadow_)[a-zA-Z-][a-zA-Z0-9_-]{4,31}$/;

/** check_user_identity's mobile form: `00XX-number`; only 0086 is served. */
export const COUNTRY_MOBILE_RE = /^(\d{4})-(\d+)$/;

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/** A required or optional string with length bounds; absent (undefined/null) passes when optional. */
export function checkText(field: string, value: string | null | undefined, opts: { min?: number; max: number; required?: boolean }): void {
  if (value === undefined || value === null) {
    if (opts.required) throw invalidParam(field, 'is required');
    return;
  }
  const min = opts.min ?? (opts.required ? 1 : 0);
  if (value.length < min) throw invalidParam(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  if (value.length > opts.max) throw invalidParam(field, `must be at most ${opts.max} characters`);
  if (CONTROL_RE.test(value)) throw invalidParam(field, 'must not contain control characters');
}

export function checkOneOf<T extends string | number>(field: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) throw invalidParam(field, `must be one of ${allowed.join(', ')}`);
}

/**
 * Password rules of create_sub_customer: 8-32 printable ASCII characters, at least two of upper
 * case, lower case, digits and special characters; not the login name nor the login name reversed;
 * not containing the mobile number. Returns the problem, or null when the password is acceptable.
 */
export function passwordProblem(password: string, loginName: string, mobile: string | null): string | null {
  if (password.length < 8 || password.length > 32) return 'must be 8-32 characters';
  if (!/^[\x20-\x7e]+$/.test(password)) return 'may contain only letters, digits, spaces and ASCII special characters';
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return 'must contain at least two of: upper-case letters, lower-case letters, digits, special characters';
  const lower = password.toLowerCase();
  const name = loginName.toLowerCase();
  if (lower === name || lower === [...name].reverse().join('')) return 'must not be the login name or the login name reversed';
  if (mobile && password.includes(mobile)) return 'must not contain the mobile number';
  return null;
}

/** Whether a login name is all digits (refused by every name rule). */
export const allDigits = (s: string) => /^\d+$/.test(s);
