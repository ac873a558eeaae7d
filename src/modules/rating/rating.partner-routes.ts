import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { DiscountGrantResult, DiscountIdParams, DiscountList, PartnerGrantBody } from './discount-schemas.ts';
import { grantPartnerDiscounts } from './grant-partner-discounts.ts';
import { listDiscounts } from './list-discounts.ts';
import { revokeDiscount } from './revoke-discount.ts';

const ListQuery = Type.Object(
  { customer_id: Type.Optional(Type.String({ maxLength: 64 })), offset: Type.Optional(Type.Integer()), limit: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);

function partnerOf(request: FastifyRequest): Caller {
  const caller = request.caller!;
  if (!isPartnerCaller(caller)) throw new AppError('CBC.0151', 'access denied: partners only');
  return caller;
}

/**
 * Partner plane (not one of the SDK's operations): a partner grants its resale customers
 * discounts (type 607), lists and revokes them. Signed like the partner API (AK/SK or token).
 */
export function registerRatingPartnerRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Partner: discounts'];
  app.post<{ Body: Static<typeof PartnerGrantBody> }>(
    '/v2/partners/discounts',
    {
      schema: {
        tags,
        summary: 'Grant discounts to resale customers (batch of 1-100, all or none)',
        description: 'Each grant is a partner-set discount rate (607) that applies to the customer\'s quotes and orders while it is the partner\'s customer, on services whose incentive policy allows partner discounts.',
        body: PartnerGrantBody,
        response: { 201: DiscountGrantResult, ...OperatorError },
      },
      preValidation: guards.anyCaller,
    },
    async (request, reply) => reply.code(201).send(await grantPartnerDiscounts(deps, partnerOf(request), request.body.discounts)),
  );
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/v2/partners/discounts',
    { schema: { tags, summary: 'Discounts this partner granted, newest first', querystring: ListQuery, response: { 200: DiscountList, ...OperatorError } }, preValidation: guards.anyCaller },
    async (request) => {
      const caller = partnerOf(request);
      return listDiscounts(deps, { grantedBy: caller.accountId, type: 607, customerId: request.query.customer_id }, request.query);
    },
  );
  app.delete<{ Params: Static<typeof DiscountIdParams> }>(
    '/v2/partners/discounts/:discount_id',
    { schema: { tags, summary: 'Revoke a discount this partner granted', params: DiscountIdParams, response: { 204: Type.Null(), ...OperatorError } }, preValidation: guards.anyCaller },
    async (request, reply) => {
      await revokeDiscount(deps, request.params.discount_id, partnerOf(request).accountId);
      return reply.code(204).send();
    },
  );
}
