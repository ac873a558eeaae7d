import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { CouponQuotaV2, UserStoredValueCard } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { idempotencyClaimOf } from '../../platform/http/idempotency-key.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { amountFromWire, findInexactJsonNumber } from '../../platform/money.ts';
import { pageOf } from '../../platform/pagination.ts';
import { OPERATOR_SCOPE } from '../funds/index.ts';
import { invalidParameter } from './coupons.errors.ts';
import { cardGrantFingerprint, grantStoredValueCard } from './grant-stored-value-card.ts';
import { grantCouponQuota, quotaGrantFingerprint } from './grant-coupon-quota.ts';
import { listCustomerCards } from './list-customer-cards.ts';
import { listPartnerQuotas } from './list-partner-quotas.ts';
import { limitsFromBody, LimitsBody, operatorInstant } from './operator-input.ts';
import { setCouponQuotaStatus } from './set-quota-status.ts';
import { verifyCoupons } from './verify-coupons.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const IdempotencyHeaders = Type.Object({
  'x-idempotency-key': Type.Optional(Type.String({ maxLength: 255, description: 'Optional: a retry with the same key and body returns the first answer and grants nothing more' })),
});
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const PageQuery = Type.Object({ offset: Type.Optional(Type.Integer()), limit: Type.Optional(Type.Integer()) }, { additionalProperties: false });
const Instant = (what: string) => Type.Optional(Type.String({ description: `${what}: UTC yyyy-MM-ddTHH:mm:ssZ` }));

const QuotaView = Type.Object(
  { ...CouponQuotaV2.properties, partner_id: Type.String(), parent_quota_id: Nullable(Type.String()), granted_by: Type.String(), remark: Nullable(Type.String()) },
  { title: 'OperatorCouponQuota' },
);
const QuotaGrantBody = Type.Object(
  {
    quota_type: Type.Union([Type.Literal(0), Type.Literal(1)], { description: '0 voucher quota, 1 cash-coupon quota' }),
    amount: Type.Number({ description: 'Yuan, > 0, at most 2 decimals' }),
    effective_time: Instant('Start (default: now)'),
    expire_time: Instant('End (default: one year after the start)'),
    limits: Type.Optional(LimitsBody),
    remark: Type.Optional(Type.String({ maxLength: 255 })),
  },
  { additionalProperties: false },
);
const StatusBody = Type.Object(
  { status: Type.Integer({ description: '0 normal, 3 invalid, 4 adjusting (visible, cannot issue), 5 frozen' }) },
  { additionalProperties: false },
);
const CardView = Type.Object(
  { ...UserStoredValueCard.properties, customer_id: Type.String(), frozen_amount: Type.String(), lock_order_id: Nullable(Type.String()), create_time: Type.String() },
  { title: 'OperatorStoredValueCard' },
);
const CardGrantBody = Type.Object(
  {
    card_name: Type.String({ minLength: 1, maxLength: 128 }),
    amount: Type.Number({ description: 'Yuan, > 0, at most 2 decimals' }),
    effective_time: Instant('Start (default: now)'),
    expire_time: Instant('End (default: three years after the start)'),
  },
  { additionalProperties: false },
);
const CouponsReport = Type.Object(
  {
    ok: Type.Boolean(),
    quotas: Type.Integer(),
    coupons: Type.Integer(),
    cards: Type.Integer(),
    movements: Type.Integer(),
    granted: Type.String(),
    quota_balances: Type.String(),
    coupon_balances: Type.String(),
    spent: Type.String(),
    problems: Type.Array(Type.String()),
    problemCount: Type.Integer(),
  },
  { title: 'CouponsReport' },
);

const exactBody = (raw: Buffer) => {
  const inexact = findInexactJsonNumber(raw.toString('utf8'));
  if (inexact !== null) throw invalidParameter(`the number ${inexact.slice(0, 40)} is not exact`);
};

/** Operator plane: coupon quotas granted to partners, their status, stored-value cards (sandbox), reconciliation. */
export function registerCouponOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: coupons'];
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof QuotaGrantBody> }>(
    '/operator/v1/partners/:id/coupon-quotas',
    {
      schema: {
        tags,
        summary: 'Grant a partner (solution provider or tier-1) a voucher or cash-coupon quota',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: QuotaGrantBody,
        response: { 201: QuotaView, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const b = request.body;
      exactBody(rawBodyOf(request));
      const input = {
        partnerId: request.params.id,
        quotaType: b.quota_type,
        amount: amountFromWire(b.amount, 'amount'),
        effectiveTime: operatorInstant('effective_time', b.effective_time),
        expireTime: operatorInstant('expire_time', b.expire_time),
        limits: limitsFromBody(b.limits),
        remark: b.remark ?? null,
        grantedBy: request.caller!.accountId,
      };
      const quota = await grantCouponQuota(deps, input, idempotencyClaimOf(request, OPERATOR_SCOPE, 'coupon_quota', quotaGrantFingerprint(input)));
      return reply.code(201).send(quota);
    },
  );
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof PageQuery> }>(
    '/operator/v1/partners/:id/coupon-quotas',
    {
      schema: { tags, summary: "List a partner's coupon quotas, newest first", params: IdParams, querystring: PageQuery, response: { 200: Type.Object({ quotas: Type.Array(QuotaView) }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => ({ quotas: await listPartnerQuotas(deps, request.params.id, pageOf(request.query, 1000, 100)) }),
  );
  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof StatusBody> }>(
    '/operator/v1/coupon-quotas/:id/status',
    {
      schema: { tags, summary: "Set a coupon quota's status", params: IdParams, body: StatusBody, response: { 200: QuotaView, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => setCouponQuotaStatus(deps, request.params.id, request.body.status),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CardGrantBody> }>(
    '/operator/v1/customers/:id/stored-value-cards',
    {
      schema: {
        tags,
        summary: 'Give a customer a stored-value card (sandbox only: there is no card shop)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: CardGrantBody,
        response: { 201: CardView, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const b = request.body;
      exactBody(rawBodyOf(request));
      const input = {
        customerId: request.params.id,
        cardName: b.card_name,
        amount: amountFromWire(b.amount, 'amount'),
        effectiveTime: operatorInstant('effective_time', b.effective_time),
        expireTime: operatorInstant('expire_time', b.expire_time),
        grantedBy: request.caller!.accountId,
      };
      const card = await grantStoredValueCard(deps, input, idempotencyClaimOf(request, OPERATOR_SCOPE, 'stored_value_card', cardGrantFingerprint(input)));
      return reply.code(201).send(card);
    },
  );
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof PageQuery> }>(
    '/operator/v1/customers/:id/stored-value-cards',
    {
      schema: { tags, summary: "List a customer's stored-value cards, newest first", params: IdParams, querystring: PageQuery, response: { 200: Type.Object({ cards: Type.Array(CardView) }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => ({ cards: await listCustomerCards(deps, request.params.id, pageOf(request.query, 1000, 100)) }),
  );
  app.get(
    '/operator/v1/coupons/verify',
    {
      schema: { tags, summary: 'Recompute every quota, coupon and card balance from the coupon journal and report any difference', response: { 200: CouponsReport, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async () => verifyCoupons(deps.db.kysely),
  );
}
