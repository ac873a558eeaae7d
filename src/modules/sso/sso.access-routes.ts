import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { isPartnerCaller } from '../../platform/http/caller.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { findAccountById } from '../identity/index.ts';
import { configureSsoAccess, type AccessActor } from './configure-sso-access.ts';
import { getSsoAccess } from './get-sso-access.ts';
import { removeSsoAccess } from './remove-sso-access.ts';
import { MAX_METADATA_BYTES } from './idp-metadata.ts';
import { partnerNotFound, partnersOnly } from './sso.errors.ts';

const Url = (description: string) => Type.Union([Type.String({ maxLength: 2048, description }), Type.Null()]);

const AccessConfigBody = Type.Object(
  {
    idp_metadata: Type.Optional(
      Type.String({ minLength: 1, maxLength: MAX_METADATA_BYTES, description: 'IdP metadata XML (SAML 2.0 EntityDescriptor with an IDPSSODescriptor; UTF-8, at most 2 MB; no DTD). Required the first time.' }),
    ),
    xaccount_type: Type.Optional(Type.String({ maxLength: 64, description: 'The platform identifier to use, first time only (e.g. the xaccount_type your customers were registered with); generated when absent' })),
    bind_callback_url: Type.Optional(Url('Where binding results are POSTed (form-data: bindRequest, SigAlg, Signature)')),
    payment_return_url: Type.Optional(Url('Where the browser returns after a payment')),
  },
  { additionalProperties: false },
);

const AccessConfig = Type.Object(
  {
    xaccount_type: Type.String({ description: 'The partner platform identifier: xAccountType on the login URL' }),
    partner_id: Type.String(),
    idp_entity_id: Type.String(),
    idp_sso_url: Type.String(),
    idp_certificates: Type.Array(Type.Object({ subject: Type.String(), not_after: Type.String(), sha256_fingerprint: Type.String() })),
    metadata_sha256: Type.String(),
    bind_callback_url: Type.Union([Type.String(), Type.Null()]),
    payment_return_url: Type.Union([Type.String(), Type.Null()]),
    sp_metadata_url: Type.String({ description: 'Our SP metadata (signed; add ?unsigned=true for the plain document)' }),
    login_url: Type.String({ description: 'The login URL to send browsers to; append the encoded target to service=' }),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { title: 'SsoAccessConfig' },
);
const PartnerParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/**
 * SSO access configuration: partners manage their own (signed like the partner API; partners and
 * their staff), the operator any partner's. Extensions: no partner-API operation covers them.
 */
export function registerSsoAccessRoutes(app: FastifyInstance, deps: Deps, guards: Guards, publicUrl: () => string): void {
  const base = (request: FastifyRequest) => publicUrl() || `${request.protocol}://${request.host}`;
  const partnerActor = (request: FastifyRequest): AccessActor => {
    const caller = request.caller!;
    if (!isPartnerCaller(caller)) throw partnersOnly();
    return { partnerId: caller.accountId, by: caller.accountId };
  };
  const operatorActor = async (request: FastifyRequest<{ Params: Static<typeof PartnerParams> }>): Promise<AccessActor> => {
    const partner = await findAccountById(deps.db.kysely, request.params.id);
    if (!partner || partner.kind !== 'partner') throw partnerNotFound(request.params.id);
    return { partnerId: partner.id, by: request.caller!.accountId };
  };

  const p = ['Partner: SSO access configuration'];
  app.put<{ Body: Static<typeof AccessConfigBody> }>(
    '/partner/v1/sso/access-config',
    {
      schema: {
        tags: p,
        operationId: 'update_sso_access_config',
        summary: 'Upload IdP metadata and set the binding callback and payment return URLs',
        description: 'The first upload yields the platform identifier (xaccount_type) used on the login URL; later calls may change any field but the identifier.',
        body: AccessConfigBody,
        response: { 200: AccessConfig, ...OperatorError },
      },
      preValidation: guards.anyCaller,
    },
    async (request) => configureSsoAccess(deps, partnerActor(request), request.body, base(request)),
  );
  app.get(
    '/partner/v1/sso/access-config',
    { schema: { tags: p, operationId: 'show_sso_access_config', summary: "The partner's SSO access configuration", response: { 200: AccessConfig, ...OperatorError } }, preValidation: guards.anyCaller },
    async (request) => getSsoAccess(deps, partnerActor(request).partnerId, base(request)),
  );
  app.delete(
    '/partner/v1/sso/access-config',
    { schema: { tags: p, operationId: 'delete_sso_access_config', summary: 'Remove the configuration (bindings stay on the customers)', response: { 204: { type: 'null' }, ...OperatorError } }, preValidation: guards.anyCaller },
    async (request, reply) => {
      await removeSsoAccess(deps, partnerActor(request).partnerId);
      return reply.code(204).send();
    },
  );

  const o = ['Operator: SSO access configuration'];
  app.put<{ Params: Static<typeof PartnerParams>; Body: Static<typeof AccessConfigBody> }>(
    '/operator/v1/partners/:id/sso/access-config',
    { schema: { tags: o, summary: "Set a partner's SSO access configuration", params: PartnerParams, body: AccessConfigBody, response: { 200: AccessConfig, ...OperatorError } }, preValidation: guards.operatorOnly },
    async (request) => configureSsoAccess(deps, await operatorActor(request), request.body, base(request)),
  );
  app.get<{ Params: Static<typeof PartnerParams> }>(
    '/operator/v1/partners/:id/sso/access-config',
    { schema: { tags: o, summary: "A partner's SSO access configuration", params: PartnerParams, response: { 200: AccessConfig, ...OperatorError } }, preValidation: guards.operatorOnly },
    async (request) => getSsoAccess(deps, (await operatorActor(request)).partnerId, base(request)),
  );
  app.delete<{ Params: Static<typeof PartnerParams> }>(
    '/operator/v1/partners/:id/sso/access-config',
    { schema: { tags: o, summary: "Remove a partner's SSO access configuration", params: PartnerParams, response: { 204: { type: 'null' }, ...OperatorError } }, preValidation: guards.operatorOnly },
    async (request, reply) => {
      await removeSsoAccess(deps, (await operatorActor(request)).partnerId);
      return reply.code(204).send();
    },
  );
}
