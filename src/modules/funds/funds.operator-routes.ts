import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { idempotencyClaimOf } from '../../platform/http/idempotency-key.ts';
import { requestHash, type IdempotencyClaim } from '../../platform/idempotency.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { pageOf } from '../../platform/pagination.ts';
import { verifyLedger } from '../ledger/index.ts';
import { creditLineFingerprint, grantCreditLine } from './grant-credit-line.ts';
import { listCreditLines } from './list-credit-lines.ts';
import { listTopUps } from './list-top-ups.ts';
import { recordTopUp, topUpFingerprint } from './record-top-up.ts';
import { wireAmount } from './funds.routes.ts';
import { amountFromWire } from '../../platform/money.ts';

/** The idempotency scope of the operator plane and the CLI: one, so a key means the same in both. */
export const OPERATOR_SCOPE = 'operator';

/** An operator-plane idempotency claim made outside HTTP (the CLI, the demo seed); hashed as over HTTP. */
export const operatorClaim = (operation: 'top_up' | 'credit_line', key: string, fingerprint: unknown): IdempotencyClaim => ({
  scope: OPERATOR_SCOPE,
  operation,
  key,
  requestHash: requestHash({ operation, request: fingerprint }),
});

const Amount = Type.Number({ description: 'Yuan, > 0, at most 2 decimals (e.g. 1000.50)' });
const IdempotencyHeaders = Type.Object({
  'x-idempotency-key': Type.Optional(
    Type.String({ maxLength: 255, description: 'Optional: a retry with the same key and body returns the first answer and moves nothing' }),
  ),
});
const PartnerParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const PageQuery = Type.Object({ offset: Type.Optional(Type.Integer()), limit: Type.Optional(Type.Integer()) }, { additionalProperties: false });

const TopUp = Type.Object(
  {
    id: Type.String(),
    partner_id: Type.String(),
    amount: Type.Number(),
    designated_amount: Type.Number(),
    memo: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String(),
  },
  { title: 'TopUp' },
);
const TopUpBody = Type.Object(
  {
    amount: Amount,
    designated_amount: Type.Optional(Type.Number({ description: 'Part of the amount earmarked (专款专用); it cannot be allocated onward' })),
    memo: Type.Optional(Type.String({ maxLength: 255, description: 'e.g. the bank transfer reference' })),
  },
  { additionalProperties: false },
);
const CreditLine = Type.Object(
  { id: Type.String(), partner_id: Type.String(), amount: Type.Number(), memo: Type.Union([Type.String(), Type.Null()]), created_at: Type.String() },
  { title: 'CreditLine' },
);
const CreditLineBody = Type.Object({ amount: Amount, memo: Type.Optional(Type.String({ maxLength: 255 })) }, { additionalProperties: false });
const LedgerReport = Type.Object(
  {
    ok: Type.Boolean(),
    accounts: Type.Integer(),
    entries: Type.Integer(),
    postings: Type.Integer(),
    problems: Type.Array(Type.String()),
    problemCount: Type.Integer(),
  },
  { title: 'LedgerReport' },
);

/** Operator plane: money entering the platform (partner top-ups), credit lines, and reconciliation. */
export function registerFundsOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: funds'];
  app.post<{ Params: Static<typeof PartnerParams>; Body: Static<typeof TopUpBody> }>(
    '/operator/v1/partners/:id/top-ups',
    {
      schema: {
        tags,
        summary: "Record a partner's remittance (top-up) into its cash balance",
        params: PartnerParams,
        headers: IdempotencyHeaders,
        body: TopUpBody,
        response: { 201: TopUp, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const b = request.body;
      const amount = wireAmount(request, b.amount, 'amount');
      const designated = b.designated_amount === undefined ? 0n : amountFromWire(b.designated_amount, 'designated_amount', { allowZero: true });
      const input = { partnerId: request.params.id, amount, designated, memo: b.memo ?? null, createdBy: request.caller!.accountId };
      const topUp = await recordTopUp(deps, input, idempotencyClaimOf(request, OPERATOR_SCOPE, 'top_up', topUpFingerprint(input)));
      return reply.code(201).send(topUp);
    },
  );
  app.get<{ Params: Static<typeof PartnerParams>; Querystring: Static<typeof PageQuery> }>(
    '/operator/v1/partners/:id/top-ups',
    {
      schema: { tags, summary: "List a partner's top-ups, newest first", params: PartnerParams, querystring: PageQuery, response: { 200: Type.Object({ top_ups: Type.Array(TopUp) }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => ({ top_ups: await listTopUps(deps, request.params.id, pageOf(request.query, 1000, 100)) }),
  );
  app.post<{ Params: Static<typeof PartnerParams>; Body: Static<typeof CreditLineBody> }>(
    '/operator/v1/partners/:id/credit-lines',
    {
      schema: {
        tags,
        summary: "Grant a partner credit: raises its credit balance and total credit line",
        params: PartnerParams,
        headers: IdempotencyHeaders,
        body: CreditLineBody,
        response: { 201: CreditLine, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request, reply) => {
      const b = request.body;
      const amount = wireAmount(request, b.amount, 'amount');
      const input = { partnerId: request.params.id, amount, memo: b.memo ?? null, createdBy: request.caller!.accountId };
      const line = await grantCreditLine(deps, input, idempotencyClaimOf(request, OPERATOR_SCOPE, 'credit_line', creditLineFingerprint(input)));
      return reply.code(201).send(line);
    },
  );
  app.get<{ Params: Static<typeof PartnerParams>; Querystring: Static<typeof PageQuery> }>(
    '/operator/v1/partners/:id/credit-lines',
    {
      schema: { tags, summary: "List a partner's credit-line grants, newest first", params: PartnerParams, querystring: PageQuery, response: { 200: Type.Object({ credit_lines: Type.Array(CreditLine) }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async (request) => ({ credit_lines: await listCreditLines(deps, request.params.id, pageOf(request.query, 1000, 100)) }),
  );
  app.get(
    '/operator/v1/ledger/verify',
    {
      schema: { tags, summary: 'Recompute every balance from the journal and report any difference', response: { 200: LedgerReport, ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async () => verifyLedger(deps.db.kysely),
  );
}
