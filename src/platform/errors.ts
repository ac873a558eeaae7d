/**
 * Typed error codes. Domain code throws AppError with a code; the HTTP edge maps the code to a
 * status through ERROR_STATUS (one table, checked exhaustively by the compiler) and renders the
 * partner API's `{error_code, error_msg}` body.
 */
export const ERROR_STATUS = {
  // Gateway-level
  'APIGW.0301': 401, // signature / AK-SK authentication failed, or AK locked
  'APIG.0201': 413, // request entity too large
  'IAM.0101': 401, // token request: wrong user name, domain or password
  'IAM.0102': 403, // token request: assume-role not permitted
  // Generic CBC codes (brief §2.2)
  'CBC.0100': 400, // parameter error
  'CBC.0101': 400, // invalid parameter
  'CBC.0150': 403, // illegal operation
  'CBC.0151': 403, // access denied (role)
  'CBC.0154': 401, // token invalid or expired
  'CBC.0155': 403, // request not allowed
  'CBC.0250': 429, // flow control
  'CBC.0999': 500, // other error
  'CBC.99000037': 400, // no permission on this indirect partner
  'CBC.99000035': 400, // not the partner's sub-customer
  // Platform codes for things the Huawei contract does not name
  'PBSS.0404': 404, // no such route
  'PBSS.0405': 405, // method not allowed
  'PBSS.0409': 409, // conflict (operator plane)
  'PBSS.0415': 415, // unsupported media type
  'PBSS.0501': 501, // operation of the contract not implemented yet
  'PBSS.0403': 403, // operation not available in this mode (e.g. clock control in production)
  'PBSS.0400': 400, // operator-plane validation error
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields rendered beside error_code/error_msg (e.g. a partial result). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}
