import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * SDK-HMAC-SHA256 as the official Huawei Cloud signers compute it (brief §1.2): no key derivation,
 * no credential scope; the canonical request is rebuilt from what was received and the
 * SignedHeaders list in the Authorization header. Pure functions only: the HTTP hook feeds them.
 */
export const ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface ParsedAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/;

export function parseAuthorization(header: string): ParsedAuthorization | null {
  const m = AUTH_RE.exec(header);
  if (!m) return null;
  const signedHeaders = m[2]!.split(';');
  if (signedHeaders.some((h) => h === '' || h !== h.toLowerCase())) return null;
  return { access: m[1]!, signedHeaders, signature: m[3]! };
}

/** RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes, upper-case. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The Python signer URL-decodes the path, encodes each segment, and appends a trailing slash.
 * Returns null when the path does not decode.
 */
export function canonicalUriDecoded(rawPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  const joined = decoded.split('/').map(rfc3986).join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

/**
 * The Node.js signer encodes each segment of the path as sent, without decoding first. It differs
 * from the Python form only when the path carries percent-escapes.
 */
export function canonicalUriAsSent(rawPath: string): string {
  const joined = rawPath.split('/').map(rfc3986).join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

/** Decodes an application/x-www-form-urlencoded component ('+' is a space, as the SDK's HTTP clients send it). */
function decodeQueryComponent(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Sorted by key (and values of a repeated key sorted), each `enc(k)=enc(v)`, joined by `&`. */
export function canonicalQuery(rawQuery: string): string | null {
  if (rawQuery === '') return '';
  const byKey = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeQueryComponent(eq < 0 ? part : part.slice(0, eq));
    const v = decodeQueryComponent(eq < 0 ? '' : part.slice(eq + 1));
    if (k === null || v === null) return null;
    const list = byKey.get(k);
    if (list) list.push(v);
    else byKey.set(k, [v]);
  }
  const out: string[] = [];
  for (const key of [...byKey.keys()].sort()) {
    for (const value of byKey.get(key)!.sort()) out.push(`${rfc3986(key)}=${rfc3986(value)}`);
  }
  return out.join('&');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalRequest(parts: {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  signedHeaders: string[];
  headerValue: (name: string) => string;
  payloadHash: string;
}): string {
  const headers = parts.signedHeaders.map((h) => `${h}:${parts.headerValue(h).trim()}\n`).join('');
  return [parts.method, parts.canonicalUri, parts.canonicalQuery, headers, parts.signedHeaders.join(';'), parts.payloadHash].join('\n');
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

export function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(data).digest('hex');
}

/**
 * Constant-time comparison of two hex signatures, guarded for length. Exact, case included: the
 * signers emit lower-case hex, and accepting an upper-case copy would give every signature several
 * spellings (a replay check keyed on the signature could be walked around by changing case).
 */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

const SDK_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function parseSdkDate(value: string): Date | null {
  const m = SDK_DATE_RE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!));
  // Reject dates that roll over (month 13, second 60) rather than silently normalising them;
  // every field is compared, since a rolled-over second need not change the hour.
  if (
    date.getUTCMonth() !== +mo! - 1 ||
    date.getUTCDate() !== +d! ||
    date.getUTCHours() !== +h! ||
    date.getUTCMinutes() !== +mi! ||
    date.getUTCSeconds() !== +s!
  ) {
    return null;
  }
  return date;
}

export type SignatureFailure =
  | 'malformed-authorization'
  | 'missing-date'
  | 'bad-date'
  | 'date-out-of-window'
  | 'date-not-signed'
  | 'host-not-signed'
  | 'missing-signed-header'
  | 'bad-path'
  | 'bad-query'
  | 'payload-hash-mismatch'
  | 'unsigned-payload-with-body'
  | 'signature-mismatch';

export interface ReceivedRequest {
  method: string;
  /** Path as received, before any decoding, without the query. */
  rawPath: string;
  /** Query string as received, without the leading '?'. */
  rawQuery: string;
  header(name: string): string | undefined;
  body: Buffer;
  /**
   * True only for a multipart/form-data upload on a route that opted in (the work-order
   * attachment upload). The official SDKs sign every non-JSON request with
   * `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (the Node signer also drops content-type, whose
   * boundary is chosen after signing), so such a body can never be hashed into the signature.
   * Everywhere else UNSIGNED-PAYLOAD over a body is refused: it would let anyone who sees one
   * signed request replay it with another body within the 15-minute window.
   */
  unsignedPayloadAllowed?: boolean;
}

export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Checks a request's signature against the secret of the access key it names. Returns null when
 * the signature holds, or the reason it does not.
 */
export function verifySignature(
  req: ReceivedRequest,
  auth: ParsedAuthorization,
  secret: string,
  now: Date,
): SignatureFailure | null {
  const signed = new Set(auth.signedHeaders);
  const sdkDate = req.header('x-sdk-date');
  if (!sdkDate) return 'missing-date';
  if (!signed.has('x-sdk-date')) return 'date-not-signed';
  // Official SDK clients always add and sign Host; requiring it stops a signature from being
  // replayed against another endpoint.
  if (!signed.has('host')) return 'host-not-signed';
  const date = parseSdkDate(sdkDate.trim());
  if (!date) return 'bad-date';
  if (Math.abs(now.getTime() - date.getTime()) > SIGNATURE_WINDOW_MS) return 'date-out-of-window';
  for (const h of auth.signedHeaders) if (req.header(h) === undefined) return 'missing-signed-header';

  const bodyHash = req.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(req.body);
  const declared = req.header('x-sdk-content-sha256')?.trim();
  let payloadHash = bodyHash;
  if (declared !== undefined) {
    if (declared === UNSIGNED_PAYLOAD) {
      // Accepted only where there is nothing to leave unsigned, or for the one kind of body the
      // SDKs cannot sign (see ReceivedRequest.unsignedPayloadAllowed).
      if (req.body.length > 0 && req.unsignedPayloadAllowed !== true) return 'unsigned-payload-with-body';
      payloadHash = UNSIGNED_PAYLOAD;
    } else if (declared.toLowerCase() !== bodyHash) {
      return 'payload-hash-mismatch';
    } else {
      payloadHash = declared;
    }
  }

  const query = canonicalQuery(req.rawQuery);
  if (query === null) return 'bad-query';
  const decodedUri = canonicalUriDecoded(req.rawPath);
  if (decodedUri === null) return 'bad-path';
  const candidates = [decodedUri];
  // Without a percent-escape, decoding changes nothing and both forms are the same.
  const asSent = req.rawPath.includes('%') ? canonicalUriAsSent(req.rawPath) : decodedUri;
  if (asSent !== decodedUri) candidates.push(asSent);

  let ok = false;
  for (const uri of candidates) {
    const canonical = canonicalRequest({
      method: req.method.toUpperCase(),
      canonicalUri: uri,
      canonicalQuery: query,
      signedHeaders: auth.signedHeaders,
      headerValue: (h) => req.header(h) ?? '',
      payloadHash,
    });
    const expected = hmacHex(secret, stringToSign(sdkDate.trim(), canonical));
    // Evaluate every candidate so that timing does not tell which form matched.
    ok = signaturesEqual(expected, auth.signature) || ok;
  }
  return ok ? null : 'signature-mismatch';
}
