import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { issueTokenByAssumeRole, issueTokenByPassword, type IssuedToken } from './issue-token.ts';
import { findAccountById, findUserById } from './identity.repo.ts';

const Named = Type.Object({ name: Type.Optional(Type.String({ maxLength: 64 })), id: Type.Optional(Type.String({ maxLength: 64 })) });

const TokenRequest = Type.Object(
  {
    auth: Type.Object({
      identity: Type.Object({
        methods: Type.Array(Type.Union([Type.Literal('password'), Type.Literal('assume_role')]), { minItems: 1, maxItems: 1 }),
        password: Type.Optional(
          Type.Object({
            user: Type.Object({
              name: Type.String({ minLength: 1, maxLength: 64 }),
              password: Type.String({ minLength: 1, maxLength: 128 }),
              domain: Named,
            }),
          }),
        ),
        assume_role: Type.Optional(
          Type.Object({
            domain_name: Type.Optional(Type.String({ maxLength: 64 })),
            domain_id: Type.Optional(Type.String({ maxLength: 64 })),
            agency_name: Type.String({ minLength: 1, maxLength: 64 }),
            duration_seconds: Type.Optional(Type.Integer()),
          }),
        ),
      }),
      scope: Type.Optional(Type.Object({ domain: Type.Optional(Named), project: Type.Optional(Type.Unknown()) })),
    }),
  },
  { title: 'TokenRequest' },
);

const TokenResponse = Type.Object(
  {
    token: Type.Object({
      methods: Type.Array(Type.String()),
      issued_at: Type.String(),
      expires_at: Type.String(),
      user: Type.Object({ id: Type.String(), name: Type.String(), domain: Type.Object({ id: Type.String(), name: Type.String() }) }),
      domain: Type.Object({ id: Type.String(), name: Type.String() }),
    }),
  },
  { title: 'TokenResponse' },
);

const WhoAmI = Type.Object(
  {
    user: Type.Object({ id: Type.String(), name: Type.String() }),
    domain: Type.Object({ id: Type.String(), name: Type.String() }),
    role: Type.String({ description: 'operator, solution_provider, distributor, reseller, partner_operator or customer' }),
    partner_type: Type.Union([Type.String(), Type.Null()], { description: "For partners and their operators: the partner's type" }),
    parent_id: Type.Union([Type.String(), Type.Null()], { description: 'For a tier-2 reseller: its tier-1 distributor' }),
    delegated_by: Type.Union([Type.String(), Type.Null()], { description: 'For an assume-role token: the partner acting as this customer' }),
  },
  { title: 'WhoAmI' },
);

const iamTime = (d: Date) => d.toISOString().replace('Z', '000Z');

function tokenBody(t: IssuedToken): Static<typeof TokenResponse> {
  return {
    token: {
      methods: [t.method],
      issued_at: iamTime(t.issuedAt),
      expires_at: iamTime(t.expiresAt),
      user: { id: t.user.id, name: t.user.name, domain: t.domain },
      domain: t.domain,
    },
  };
}

/**
 * The IAM endpoints the SDKs need: tokens (password and assume-role, token in X-Subject-Token),
 * and the domain list GlobalCredentials reads when no domain id was configured.
 */
export function registerIdentityRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  app.post<{ Body: Static<typeof TokenRequest> }>(
    '/v3/auth/tokens',
    {
      schema: {
        tags: ['Identity'],
        summary: 'Issue a token (password, or assume-role by a partner for its customer)',
        body: TokenRequest,
        response: { 201: TokenResponse },
      },
    },
    async (request, reply) => {
      const identity = request.body.auth.identity;
      let issued: IssuedToken;
      if (identity.methods[0] === 'password') {
        const p = identity.password;
        if (!p || !p.user.domain.name) throw new AppError('CBC.0100', 'invalid parameter: auth.identity.password.user.domain.name is required');
        issued = await issueTokenByPassword(deps, { userName: p.user.name, domainName: p.user.domain.name, password: p.user.password });
      } else {
        const a = identity.assume_role;
        if (!a || (!a.domain_name && !a.domain_id)) {
          throw new AppError('CBC.0100', 'invalid parameter: auth.identity.assume_role.domain_name or domain_id is required');
        }
        const caller = await guards.authenticate(request);
        issued = await issueTokenByAssumeRole(deps, caller, {
          domainName: a.domain_name,
          domainId: a.domain_id,
          agencyName: a.agency_name,
          durationSeconds: a.duration_seconds,
        });
      }
      reply.header('X-Subject-Token', issued.token);
      return reply.code(201).send(tokenBody(issued));
    },
  );

  app.get(
    '/v3/auth/domains',
    {
      schema: {
        tags: ['Identity'],
        summary: "The caller's own domain (account)",
        response: { 200: Type.Object({ domains: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), enabled: Type.Boolean() })) }) },
      },
      preValidation: guards.anyCaller,
    },
    async (request) => {
      const account = await findAccountById(deps.db.kysely, request.caller!.accountId);
      return { domains: account ? [{ id: account.id, name: account.name, enabled: account.status === 'active' }] : [] };
    },
  );

  // Not part of Huawei's IAM: the consoles need the caller's role to pick the console to show.
  app.get(
    '/v3/auth/whoami',
    {
      schema: { tags: ['Identity'], summary: 'The caller: user, account and role (for the consoles)', response: { 200: WhoAmI } },
      preValidation: guards.anyCaller,
    },
    async (request): Promise<Static<typeof WhoAmI>> => {
      const caller = request.caller!;
      const user = await findUserById(deps.db.kysely, caller.userId);
      return {
        user: { id: caller.userId, name: user?.name ?? '' },
        domain: { id: caller.accountId, name: caller.accountName },
        role: caller.role,
        partner_type: caller.partnerType,
        parent_id: caller.parentId,
        delegated_by: caller.delegatedBy,
      };
    },
  );
}
