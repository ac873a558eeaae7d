import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { ListRateOnPeriodDetailResponse, PeriodProductInfo } from '../../contract/generated/models.ts';
import { DiscountGrantResult, DiscountIdParams, DiscountList, OperatorGrantBody } from './discount-schemas.ts';
import { grantOperatorDiscounts } from './grant-operator-discounts.ts';
import { periodRatingResponse } from './list-rate-on-period-detail.ts';
import { listDiscounts } from './list-discounts.ts';
import { quotePeriodProducts } from './quote-period-products.ts';
import { revokeDiscount } from './revoke-discount.ts';

const ListQuery = Type.Object(
  {
    customer_id: Type.Optional(Type.String({ maxLength: 64 })),
    partner_id: Type.Optional(Type.String({ maxLength: 64 })),
    discount_type: Type.Optional(Type.Integer()),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('revoked')])),
    offset: Type.Optional(Type.Integer()),
    limit: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
const PreviewBody = Type.Object(
  {
    customer_id: Type.String({ minLength: 1, maxLength: 64 }),
    places: Type.Optional(Type.Union([Type.Literal(2), Type.Literal(6), Type.Literal(10)], { description: 'Decimals kept (truncating); default 6' })),
    product_infos: Type.Array(PeriodProductInfo, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false, title: 'PeriodQuotePreviewReq' },
);

/** Operator plane: business and channel discounts, and a preview of any customer's yearly/monthly quote. */
export function registerRatingOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: discounts and rating'];
  app.post<{ Body: Static<typeof OperatorGrantBody> }>(
    '/operator/v1/discounts',
    {
      schema: { tags, summary: 'Grant business (605) and channel (606) discounts (batch of 1-100, all or none)', body: OperatorGrantBody, response: { 201: DiscountGrantResult, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => reply.code(201).send(await grantOperatorDiscounts(deps, request.caller!, request.body.discounts)),
  );
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/operator/v1/discounts',
    { schema: { tags, summary: 'Every discount, newest first', querystring: ListQuery, response: { 200: DiscountList, ...OperatorError } }, preValidation: guards.operatorOnly },
    async (request) => {
      const q = request.query;
      return listDiscounts(deps, { customerId: q.customer_id, partnerId: q.partner_id, type: q.discount_type, status: q.status }, q);
    },
  );
  app.delete<{ Params: Static<typeof DiscountIdParams> }>(
    '/operator/v1/discounts/:discount_id',
    { schema: { tags, summary: 'Revoke any discount', params: DiscountIdParams, response: { 204: Type.Null(), ...OperatorError } }, preValidation: guards.operatorOnly },
    async (request, reply) => {
      await revokeDiscount(deps, request.params.discount_id, null);
      return reply.code(204).send();
    },
  );
  app.post<{ Body: Static<typeof PreviewBody> }>(
    '/operator/v1/rating/period-quote',
    {
      schema: {
        tags,
        summary: "Preview a customer's yearly/monthly quote (the plan an order would use)",
        body: PreviewBody,
        response: { 200: ListRateOnPeriodDetailResponse, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request) => {
      const b = request.body;
      const plan = await quotePeriodProducts(deps, {
        customerId: b.customer_id,
        places: b.places ?? 6,
        lines: b.product_infos.map((p) => ({
          id: p.id,
          product: { service: p.cloud_service_type, resource: p.resource_type, spec: p.resource_spec, region: p.region },
          resourceSize: p.resource_size,
          sizeMeasureId: p.size_measure_id,
          periodType: p.period_type,
          periodNum: p.period_num,
          subscriptionNum: p.subscription_num,
          includeOneTime: true,
        })),
      });
      return periodRatingResponse(plan);
    },
  );
}
