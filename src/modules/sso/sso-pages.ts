/**
 * The few pages the SSO flow shows a browser. They load nothing from elsewhere; the landing page's
 * script is served by us (CSP script-src 'self'), and the binding page needs no script at all.
 */

export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const frame = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title>` +
  `<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}fieldset{margin:1rem 0;padding:1rem;border:1px solid #ccc;border-radius:6px}label{display:block;margin:.5rem 0}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:.5rem;padding:.4rem 1rem}.err{color:#b00020}</style>${head}</head><body>${body}</body></html>`;

export function bindPage(input: { platformUser: string; suggestedName: string; error?: string }): string {
  return frame(
    'Bind your account',
    `<h1>Welcome</h1><p>You signed in on your partner's platform as <b>${esc(input.platformUser)}</b>. Choose the cloud account to use from now on.</p>` +
      (input.error ? `<p class="err" role="alert">${esc(input.error)}</p>` : '') +
      `<form method="post" action="/authui/saml/bind"><fieldset><legend>I have an account</legend><input type="hidden" name="action" value="bind">` +
      `<label>Account name <input name="domain_name" autocomplete="username" required maxlength="64"></label>` +
      `<label>User name (if not the account's own) <input name="user_name" maxlength="64"></label>` +
      `<label>Password <input type="password" name="password" autocomplete="current-password" required maxlength="128"></label><button type="submit">Bind this account</button></fieldset></form>` +
      `<form method="post" action="/authui/saml/bind"><fieldset><legend>Create a new account</legend><input type="hidden" name="action" value="create">` +
      `<label>Account name <input name="domain_name" value="${esc(input.suggestedName)}" autocomplete="username" required maxlength="32"></label>` +
      `<label>Password <input type="password" name="password" autocomplete="new-password" required maxlength="128"></label><button type="submit">Create and bind</button></fieldset></form>`,
  );
}

export function landingPage(): string {
  return frame('Signing in…', '<p id="status">Signing you in…</p><noscript>Enable JavaScript to open the console.</noscript>', '<script src="/authui/saml/landing.js" defer></script>');
}

/**
 * Exchanges the login handle (an HttpOnly cookie) for a token by POST, stores the session where the
 * console keeps it (sessionStorage "pbss.session": {token, expiresAt, me}, web/src/session) and opens
 * the console. The token never appears in a URL.
 */
export const LANDING_SCRIPT = `(async () => {
  const status = document.getElementById('status');
  try {
    const res = await fetch('/authui/saml/session', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!res.ok) throw new Error((await res.json()).error_msg || 'sign-in failed');
    const s = await res.json();
    const me = await (await fetch('/v3/auth/whoami', { headers: { 'X-Auth-Token': s.token } })).json();
    sessionStorage.setItem('pbss.session', JSON.stringify({ token: s.token, expiresAt: s.expires_at, me }));
    location.replace(s.service);
  } catch (e) {
    status.textContent = String(e.message || e);
  }
})();
`;
