import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Ajv } from 'ajv';
import type { Deps } from './platform/deps.ts';
import { authenticate } from './platform/http/authenticate.ts';
import { registerBodyParsers, BODY_LIMIT_BYTES } from './platform/http/raw-body.ts';
import { registerErrorHandling, errorBody } from './platform/http/error-handler.ts';
import { KeyLockouts } from './platform/http/lockouts.ts';
import { RateLimiter } from './platform/http/rate-limit.ts';
import { createGuards } from './platform/http/guards.ts';
import { registerObservability, RequestLogController } from './platform/http/observability.ts';
import { registerConsole } from './platform/http/console.ts';
import { registerPartnerApi, roleGuardFor } from './contract/register-partner-api.ts';
import { partnerApiHandlers } from './contract/handlers.ts';
import { createCallerDirectory, registerIdentityRoutes, registerIdentityOperatorRoutes } from './modules/identity/index.ts';
import { registerPartnerOperatorRoutes } from './modules/partners/index.ts';
import { registerCustomerAddressRoutes, registerCustomerOperatorRoutes, registerCustomerRoutes } from './modules/customers/index.ts';
import { registerAssociationOperatorRoutes, registerAssociationRoutes } from './modules/associations/index.ts';
import { registerFundsOperatorRoutes } from './modules/funds/index.ts';
import { registerCouponOperatorRoutes } from './modules/coupons/index.ts';
import { registerCatalogOperatorRoutes } from './modules/catalog/index.ts';
import { registerRatingOperatorRoutes, registerRatingPartnerRoutes } from './modules/rating/index.ts';
import { registerSandboxRoutes } from './modules/sandbox/index.ts';
import { registerWorkOrderRoutes } from './modules/work-orders/index.ts';
import { registerOrderExtensionRoutes } from './modules/orders/index.ts';
import { registerUsageOperatorRoutes } from './modules/usage/index.ts';
import { registerSsoRoutes } from './modules/sso/index.ts';
import { registerWebhookRoutes } from './modules/webhooks/index.ts';
import { registerBillExportRoutes } from './modules/bills/index.ts';

/** Requests per second and client address on the public SSO pages, when flow control is on. */
const SSO_BROWSER_PER_SECOND = 20;

export interface AppOptions {
  /** Requests per second per (root account, operation); 0 turns flow control off. */
  rateLimitPerSecond: number;
  /** Per-operation limits that differ from the default (check_user_identity: 5/s). */
  rateLimitOverrides?: Record<string, number>;
  logger?: FastifyServerOptions['logger'];
  /** The URL clients use to reach this server, for documents that name it. */
  publicUrl?: () => string;
  /** Fastify's trustProxy (config TRUST_PROXY). */
  trustProxy?: boolean | string;
}

export const DEFAULT_RATE_OVERRIDES: Record<string, number> = { check_user_identity: 5 };

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Every path is refused unless it has exactly one canonical form: no encoded slash, backslash or
 * percent, no empty, `.` or `..` segment. The router and the signature check then agree on which
 * resource a signed request names.
 */
const AMBIGUOUS_PATH_RE = /%2f|%5c|%25|%2e|\/\/|\/\.\.?(\/|$)|\\/i;

/** Builds the HTTP server from its dependencies; main.ts decides whether to listen. */
export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? {
      level: 'info',
      redact: { paths: ['req.headers.authorization', 'req.headers["x-auth-token"]', 'res.headers["x-subject-token"]'], censor: '[redacted]' },
    },
    bodyLimit: BODY_LIMIT_BYTES,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    logController: new RequestLogController(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : deps.ids.requestId();
    },
  });

  // Bodies are validated strictly (a string is not a number, for money's sake); query strings and
  // path parameters arrive as text and are coerced. Unknown body fields are dropped, never stored.
  const bodyAjv = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: true, allErrors: false, strict: false });
  const textAjv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, allErrors: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    const path = (request.raw.url ?? '/').split('?')[0]!;
    const hostHeaders = request.raw.rawHeaders.filter((_, i) => i % 2 === 0 && _.toLowerCase() === 'host').length;
    if (AMBIGUOUS_PATH_RE.test(path) || hostHeaders > 1) {
      return reply.code(400).send(errorBody('CBC.0100', 'invalid request: ambiguous path or repeated Host header', request.id));
    }
  });

  registerBodyParsers(app);
  registerErrorHandling(app);
  registerObservability(app, deps.db);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'partner-bss',
        version: '0.1.0',
        description:
          'The partner API (wire-compatible with the Huawei Cloud BSS v2 client: sign requests with SDK-HMAC-SHA256 or send X-Auth-Token), the IAM token endpoints, and the operator and sandbox planes.',
      },
      components: {
        securitySchemes: {
          sdkHmacSha256: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...' },
          token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
        },
      },
      security: [{ sdkHmacSha256: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const directory = createCallerDirectory(deps);
  const lockouts = new KeyLockouts(deps.wallClock);
  const overrides = { ...DEFAULT_RATE_OVERRIDES, ...options.rateLimitOverrides };
  const limiter = new RateLimiter(deps.wallClock, (op) => (options.rateLimitPerSecond <= 0 ? 0 : (overrides[op] ?? options.rateLimitPerSecond)));
  const auth = (request: Parameters<typeof authenticate>[0]) => authenticate(request, directory, lockouts, deps.wallClock);
  const guards = createGuards(auth);

  registerPartnerApi(app, partnerApiHandlers(deps), roleGuardFor(auth, (caller, op) => limiter.take(caller.accountId, op)));
  registerIdentityRoutes(app, deps, guards);
  registerIdentityOperatorRoutes(app, deps, guards, directory);
  registerPartnerOperatorRoutes(app, deps, guards);
  registerCustomerRoutes(app, deps, guards);
  registerCustomerOperatorRoutes(app, deps, guards);
  registerCustomerAddressRoutes(app, deps, guards);
  registerAssociationRoutes(app, deps, guards);
  registerAssociationOperatorRoutes(app, deps, guards);
  registerFundsOperatorRoutes(app, deps, guards);
  registerCouponOperatorRoutes(app, deps, guards);
  registerCatalogOperatorRoutes(app, deps, guards);
  registerRatingOperatorRoutes(app, deps, guards);
  registerRatingPartnerRoutes(app, deps, guards);
  registerWorkOrderRoutes(app, deps, guards);
  registerOrderExtensionRoutes(app, deps, guards);
  registerUsageOperatorRoutes(app, deps, guards);
  registerBillExportRoutes(app, deps, guards);
  registerSsoRoutes(app, deps, guards, options.publicUrl ?? (() => ''), { perIpPerSecond: options.rateLimitPerSecond <= 0 ? 0 : SSO_BROWSER_PER_SECOND });
  registerWebhookRoutes(app, deps, guards);
  registerSandboxRoutes(app, deps, guards, options.publicUrl ?? (() => ''));
  await registerConsole(app);
  return app;
}
