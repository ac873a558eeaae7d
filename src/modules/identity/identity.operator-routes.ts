import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import type { CallerDirectory } from './caller-directory.ts';
import { issueAccessKey } from './issue-access-key.ts';
import { revokeAccessKey } from './revoke-access-key.ts';
import { listAccessKeys } from './list-access-keys.ts';
import { createUser } from './create-user.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';

const AccountParams = Type.Object({ account_id: Type.String({ maxLength: 64 }) });
const IssueKeyBody = Type.Object(
  { user_name: Type.Optional(Type.String({ maxLength: 64 })), description: Type.Optional(Type.String({ maxLength: 255 })) },
  { additionalProperties: false },
);
const IssuedKey = Type.Object(
  { access: Type.String(), secret: Type.String(), account_id: Type.String(), user_id: Type.String(), created_at: Type.String() },
  { title: 'IssuedAccessKey' },
);
const KeyInfo = Type.Object(
  {
    access: Type.String(),
    user_id: Type.String(),
    status: Type.String(),
    description: Type.String(),
    created_at: Type.String(),
    revoked_at: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'AccessKeyInfo' },
);
const CreateUserBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 8, maxLength: 128 }),
    role: Type.Union([Type.Literal('partner_operator'), Type.Literal('member')]),
  },
  { additionalProperties: false },
);

/** Operator plane: access keys and users of any account. */
export function registerIdentityOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards, directory: CallerDirectory): void {
  const tags = ['Operator: identity'];
  app.post<{ Params: Static<typeof AccountParams>; Body: Static<typeof IssueKeyBody> }>(
    '/operator/v1/accounts/:account_id/access-keys',
    {
      schema: { tags, summary: 'Issue an access key (the secret is shown once)', params: AccountParams, body: IssueKeyBody, response: { 201: IssuedKey, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const key = await issueAccessKey(deps, { accountId: request.params.account_id, userName: request.body?.user_name, description: request.body?.description });
      return reply.code(201).send(key);
    },
  );
  app.get<{ Params: Static<typeof AccountParams> }>(
    '/operator/v1/accounts/:account_id/access-keys',
    {
      schema: { tags, summary: "List an account's access keys", params: AccountParams, response: { 200: Type.Object({ access_keys: Type.Array(KeyInfo) }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => ({ access_keys: await listAccessKeys(deps, request.params.account_id) }),
  );
  app.delete<{ Params: { access: string } }>(
    '/operator/v1/access-keys/:access',
    {
      schema: { tags, summary: 'Revoke an access key', params: Type.Object({ access: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null(), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      await revokeAccessKey(deps, request.params.access);
      directory.forget(request.params.access);
      return reply.code(204).send();
    },
  );
  app.post<{ Params: Static<typeof AccountParams>; Body: Static<typeof CreateUserBody> }>(
    '/operator/v1/accounts/:account_id/users',
    {
      schema: {
        tags,
        summary: 'Add a user with a password (a partner operator, or a member)',
        params: AccountParams,
        body: CreateUserBody,
        response: { 201: Type.Object({ id: Type.String(), name: Type.String() }), ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const user = await createUser(deps, { accountId: request.params.account_id, ...request.body });
      return reply.code(201).send(user);
    },
  );
}
