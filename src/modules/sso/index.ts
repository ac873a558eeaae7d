import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { registerSsoAccessRoutes } from './sso.access-routes.ts';
import { registerSsoBrowserRoutes } from './sso.routes.ts';
import { BIND_CALLBACK_JOB, bindCallbackJob } from './binding-callback.ts';

/**
 * Single sign-on from partner platforms (SAML 2.0; we are the SP, the partner's platform the IdP),
 * first-login account binding with a signed callback to the partner, and per-partner access
 * configuration. Decisions in docs/sso-and-webhooks.md.
 */
export function registerSsoRoutes(app: FastifyInstance, deps: Deps, guards: Guards, publicUrl: () => string, options: { perIpPerSecond: number }): void {
  registerSsoBrowserRoutes(app, deps, publicUrl, options.perIpPerSecond);
  registerSsoAccessRoutes(app, deps, guards, publicUrl);
}

export const SSO_JOBS: Record<string, JobHandler> = { [BIND_CALLBACK_JOB]: bindCallbackJob };

export { spCredentials, spUrls, type SpCredentials } from './sp-credentials.ts';
export { selfSignedCertificate } from './self-signed-certificate.ts';
export { parseIdpMetadata, MAX_METADATA_BYTES } from './idp-metadata.ts';
export { verifyBindRequest, signBindRequest, RSA_SHA256, BIND_CALLBACK_JOB, type BindResult } from './binding-callback.ts';
export { configureSsoAccess } from './configure-sso-access.ts';
export { getSsoAccess } from './get-sso-access.ts';
