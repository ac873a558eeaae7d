/**
 * Sensitive fields (customer names, phones, e-mails) are shown masked until the user asks to see
 * them, as Huawei's Partner Center does.
 */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 6))}${chars[chars.length - 1]}`;
}

export function maskPhone(phone: string): string {
  const digits = Array.from(phone);
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3).join('')}****${digits.slice(-4).join('')}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskName(email);
  const local = email.slice(0, at);
  return `${Array.from(local)[0]}***${email.slice(at)}`;
}

export type MaskKind = 'name' | 'phone' | 'email';

export function mask(kind: MaskKind, value: string): string {
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'phone':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
  }
}
