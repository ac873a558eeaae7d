/**
 * The console's only way to the server: the documented APIs, with the session's token as
 * X-Auth-Token. A failure becomes an ApiError carrying the API's own error_code and error_msg,
 * which the pages show as they are.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  constructor(status: number, code: string, message: string, requestId: string | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
  /** The token is missing, invalid or expired: the user must sign in again. */
  get sessionExpired(): boolean {
    return this.status === 401;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A body that is not JSON (a CSV table), sent as it is with its content type. */
  text?: { content: string; contentType: string };
  headers?: Record<string, string>;
  /** Sent instead of the session's token (sign-in has none yet). */
  token?: string | null;
}

let sessionToken: string | null = null;
let language: 'zh_CN' | 'en_US' = 'zh_CN';

/** Names in answers (services, regions, problem types) follow the console's language (X-Language). */
export function setApiLanguage(locale: 'zh' | 'en'): void {
  language = locale === 'en' ? 'en_US' : 'zh_CN';
}
let onExpired: (() => void) | null = null;

export function setApiToken(token: string | null): void {
  sessionToken = token;
}

/** Called once when any call answers 401, so that the app can return to the sign-in page. */
export function setSessionExpiredHandler(handler: (() => void) | null): void {
  onExpired = handler;
}

function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RawAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function callRaw<T>(method: string, path: string, options: RequestOptions = {}): Promise<RawAnswer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Language': language, ...options.headers };
  const token = options.token === undefined ? sessionToken : options.token;
  if (token) headers['X-Auth-Token'] = token;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  } else if (options.text) {
    headers['Content-Type'] = options.text.contentType;
    body = options.text.content;
  }
  let res: Response;
  try {
    res = await fetch(urlOf(path, options.query), { method, headers, body });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e), null);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    const err = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const code = typeof err.error_code === 'string' ? err.error_code : `HTTP.${res.status}`;
    const msg = typeof err.error_msg === 'string' ? err.error_msg : typeof parsed === 'string' && parsed ? parsed : res.statusText;
    const error = new ApiError(res.status, code, msg, res.headers.get('x-request-id'));
    if (error.sessionExpired && token && token === sessionToken) onExpired?.();
    throw error;
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await callRaw<T>(method, path, options)).body;
}

/** A path segment, encoded (ids are plain, but a path must never be built from raw input). */
export const seg = (s: string) => encodeURIComponent(s);

/**
 * A file the API answers (an export): fetched with the session's token, then saved through a
 * temporary object URL. The file name comes from Content-Disposition when the server gives one.
 */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (sessionToken) headers['X-Auth-Token'] = sessionToken;
  let res: Response;
  try {
    res = await fetch(urlOf(path, query), { headers });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e), null);
  }
  if (!res.ok) {
    const text = await res.text();
    let err: Record<string, unknown> = {};
    try {
      err = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* not JSON: the status says enough */
    }
    throw new ApiError(res.status, typeof err.error_code === 'string' ? err.error_code : `HTTP.${res.status}`, typeof err.error_msg === 'string' ? err.error_msg : res.statusText, res.headers.get('x-request-id'));
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The operation is not built on this server yet (the generated contract answers 501 naming it). */
export const isNotImplemented = (e: unknown): boolean => e instanceof ApiError && e.status === 501;
