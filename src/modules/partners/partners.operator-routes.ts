import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { pageOf } from '../../platform/pagination.ts';
import { createPartnerAccount } from './create-partner-account.ts';
import { listPartners } from './partners.repo.ts';

const PartnerType = Type.Union([Type.Literal('solution_provider'), Type.Literal('distributor'), Type.Literal('reseller')]);
const Partner = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    display_name: Type.String(),
    partner_type: Type.String(),
    parent_id: Type.Union([Type.String(), Type.Null()]),
    status: Type.Optional(Type.String()),
    created_at: Type.String(),
  },
  { title: 'Partner' },
);
const CreatePartnerBody = Type.Object(
  {
    name: Type.String({ minLength: 5, maxLength: 32 }),
    display_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    partner_type: PartnerType,
    parent_id: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { partner_type: Type.Optional(PartnerType), offset: Type.Optional(Type.Integer()), limit: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);

/** Operator plane: partners of each type, and tier-2 resellers under a tier-1. */
export function registerPartnerOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: partners'];
  app.post<{ Body: Static<typeof CreatePartnerBody> }>(
    '/operator/v1/partners',
    {
      schema: { tags, summary: 'Create a partner (a reseller needs parent_id)', body: CreatePartnerBody, response: { 201: Partner, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const b = request.body;
      const partner = await createPartnerAccount(deps, { name: b.name, displayName: b.display_name, partnerType: b.partner_type, parentId: b.parent_id ?? null });
      return reply.code(201).send({ ...partner, status: 'active' });
    },
  );
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/operator/v1/partners',
    {
      schema: { tags, summary: 'List partners', querystring: ListQuery, response: { 200: Type.Object({ partners: Type.Array(Partner) }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => ({ partners: await listPartners(deps.db.kysely, pageOf(request.query, 1000, 100), request.query.partner_type) }),
  );
}
