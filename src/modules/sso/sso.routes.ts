import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { RateLimiter } from '../../platform/http/rate-limit.ts';
import { AppError } from '../../platform/errors.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { bindPlatformUser, type BindInput } from './bind-platform-user.ts';
import { consumeSamlResponse } from './consume-saml-response.ts';
import { describeBinding } from './describe-binding.ts';
import { openSsoSession } from './open-sso-session.ts';
import { LANDING_SCRIPT, PAGE_CSP, bindPage, landingPage } from './sso-pages.ts';
import { BIND_HANDLE_TTL_MS } from './sso-handles.ts';
import { spMetadata } from './sp-metadata.ts';
import { startSsoLogin } from './start-sso-login.ts';

const COOKIE = 'pbss_sso';
const TAGS = ['SSO from partner platforms (browser)'];

const LoginQuery = Type.Object({
  xAccountType: Type.String({ minLength: 1, maxLength: 64, description: "The partner's platform identifier (from its access configuration)" }),
  isFirstLogin: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  service: Type.Optional(Type.String({ maxLength: 2048, description: 'Where to land after sign-in: a path or URL on this server' })),
});
const MetadataQuery = Type.Object({ unsigned: Type.Optional(Type.String({ maxLength: 8 })) });
const Session = Type.Object({ token: Type.String(), expires_at: Type.String(), service: Type.String() }, { title: 'SsoSession' });

function cookieOf(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=') || undefined;
  }
  return undefined;
}

/** The single-use handle rides in an HttpOnly cookie scoped to these pages; Lax so the IdP's POST-then-redirect keeps it. */
function setHandle(reply: FastifyReply, publicUrl: string, handle: string | null): void {
  const secure = publicUrl.startsWith('https:') ? '; Secure' : '';
  reply.header('Set-Cookie', handle ? `${COOKIE}=${handle}; Path=/authui/saml; HttpOnly; SameSite=Lax; Max-Age=${BIND_HANDLE_TTL_MS / 1000}${secure}` : `${COOKIE}=; Path=/authui/saml; HttpOnly; SameSite=Lax; Max-Age=0${secure}`);
}

const html = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).header('Content-Security-Policy', PAGE_CSP).header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff').type('text/html; charset=utf-8').send(body);

function formOf(request: FastifyRequest): URLSearchParams {
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new AppError('PBSS.0415', 'unsupported media type: send application/x-www-form-urlencoded');
  return new URLSearchParams(rawBodyOf(request).toString('utf8'));
}

/**
 * The browser side of SSO from partner platforms (SAML 2.0, we are the SP): our metadata, the
 * login redirect to the partner's IdP, the assertion consumer service, the first-login binding
 * page, and the landing page that turns a login handle into a console session. No signature or
 * token: these are reached by browsers, and each step proves itself (signed assertion, cookie handle).
 */
export function registerSsoBrowserRoutes(app: FastifyInstance, deps: Deps, publicUrl: () => string, perIpPerSecond: number): void {
  const base = (request: FastifyRequest) => publicUrl() || `${request.protocol}://${request.host}`;
  // These routes are public: flow control per client address (0 turns it off), so that nobody
  // floods the login with stored request ids or tries passwords on the binding form at speed.
  const limiter = new RateLimiter(deps.wallClock, () => perIpPerSecond);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/authui/saml/') && !limiter.take(request.ip, 'authui')) throw new AppError('CBC.0250', 'too many requests from this address: slow down');
  });

  app.get<{ Querystring: Static<typeof MetadataQuery> }>(
    '/authui/saml/metadata.xml',
    { schema: { tags: TAGS, summary: 'Our SAML SP metadata (signed unless unsigned=true)', querystring: MetadataQuery } },
    async (request, reply) => reply.type('application/samlmetadata+xml; charset=utf-8').send(await spMetadata(deps, base(request), request.query.unsigned === 'true')),
  );

  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/authui/saml/login',
    { schema: { tags: TAGS, summary: "Start a login: redirects to the partner's IdP with a signed AuthnRequest (HTTP-Redirect)", querystring: LoginQuery, response: { ...OperatorError } } },
    async (request, reply) => {
      const q = request.query;
      const url = await startSsoLogin(deps, { xAccountType: q.xAccountType, isFirstLogin: q.isFirstLogin === 'true', service: q.service ?? null }, base(request));
      return reply.header('Cache-Control', 'no-store').redirect(url, 302);
    },
  );

  app.post(
    '/authui/saml/acs',
    { schema: { tags: TAGS, summary: 'Assertion consumer service (HTTP-POST binding: SAMLResponse form field)', response: { ...OperatorError } } },
    async (request, reply) => {
      const form = formOf(request);
      const outcome = await consumeSamlResponse(deps, form.get('SAMLResponse') ?? '', base(request));
      setHandle(reply, base(request), outcome.handle);
      return reply.header('Cache-Control', 'no-store').redirect(outcome.kind === 'login' ? '/authui/saml/landing' : '/authui/saml/bind', 303);
    },
  );

  app.get('/authui/saml/bind', { schema: { tags: TAGS, summary: 'First login: bind an existing account or create one (HTML form)' } }, async (request, reply) => {
    const b = await describeBinding(deps, cookieOf(request));
    return html(reply, 200, bindPage(b));
  });

  app.post('/authui/saml/bind', { schema: { tags: TAGS, summary: 'Submit the binding form (action=bind|create, domain_name, user_name, password)' } }, async (request, reply) => {
    const form = formOf(request);
    const handle = cookieOf(request);
    const action = form.get('action');
    const domainName = (form.get('domain_name') ?? '').trim();
    const password = form.get('password') ?? '';
    if ((action !== 'bind' && action !== 'create') || !domainName || !password || domainName.length > 64 || password.length > 128) {
      throw new AppError('CBC.0100', 'invalid parameter: action, domain_name and password are required');
    }
    const input: BindInput = action === 'bind' ? { action, domainName, userName: (form.get('user_name') ?? '').trim() || undefined, password } : { action, domainName, password };
    try {
      const { loginHandle } = await bindPlatformUser(deps, handle, input);
      setHandle(reply, base(request), loginHandle);
      return reply.header('Cache-Control', 'no-store').redirect('/authui/saml/landing', 303);
    } catch (err) {
      // Show the form again with the reason while the binding is still open; otherwise the error itself.
      if (!(err instanceof AppError) || err.code === 'PBSS.0410') throw err;
      const b = await describeBinding(deps, handle);
      return html(reply, err.status, bindPage({ ...b, error: err.message }));
    }
  });

  app.get('/authui/saml/landing', { schema: { tags: TAGS, summary: 'Landing page: opens the console session' } }, async (_request, reply) => html(reply, 200, landingPage()));
  app.get('/authui/saml/landing.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').header('X-Content-Type-Options', 'nosniff').send(LANDING_SCRIPT),
  );

  app.post(
    '/authui/saml/session',
    { schema: { tags: TAGS, summary: 'Exchange the login handle (cookie) for a console token, once', response: { 200: Session, ...OperatorError } } },
    async (request, reply) => {
      const session = await openSsoSession(deps, cookieOf(request));
      setHandle(reply, base(request), null);
      return reply.header('Cache-Control', 'no-store').send(session);
    },
  );
}
