import type { Mode } from '../config.ts';

/**
 * Whether a partner-supplied URL may be called by this server (webhooks, binding callbacks) or
 * sent to a browser (return URLs): absolute http(s), no user name or password in it, and https in
 * production (the sandbox allows plain http so that a laptop receiver works). Returns the problem,
 * or null. Callers choose the error code.
 */
export function outboundUrlProblem(value: string, mode: Mode): string | null {
  if (value.length > 2048) return 'must be at most 2048 characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.protocol === 'http:' && mode === 'production') return 'must use https';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.hash) return 'must not contain a fragment';
  return null;
}
