import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { listVerificationOutbox } from './list-verification-outbox.ts';
import { listRealnameReviews } from './list-realname-reviews.ts';
import { getRealnameAttachment, getRealnameReview } from './get-realname-review.ts';
import { decideRealnameReview } from './decide-realname-review.ts';
import { readRealnamePolicy, setRealnamePolicy } from './realname-policy.ts';
import { updateCustomerRecord } from './update-customer-record.ts';
import { toCustomerInformation } from './list-sub-customers.ts';
import { setCustomerFrozen } from './set-customer-frozen.ts';

const Page = { offset: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) };
const OutboxQuery = Type.Object({ mobile_phone: Type.Optional(Type.String({ maxLength: 32 })), ...Page }, { additionalProperties: false });
const OutboxMessage = Type.Object(
  {
    id: Type.Integer(),
    recipient: Type.String(),
    body: Type.String(),
    code: Type.String(),
    scene: Type.Integer(),
    expires_at: Type.String(),
    created_at: Type.String(),
  },
  { title: 'VerificationOutboxMessage' },
);
const ReviewStatus = Type.Union([Type.Literal('in_review'), Type.Literal('rejected'), Type.Literal('approved'), Type.Literal('all')]);
const ReviewsQuery = Type.Object({ status: Type.Optional(ReviewStatus), customer_id: Type.Optional(Type.String({ maxLength: 64 })), ...Page }, { additionalProperties: false });
const Review = Type.Object(
  {
    id: Type.String(),
    customer_id: Type.String(),
    partner_id: Type.String(),
    kind: Type.String({ description: 'individual, enterprise, or change (individual to enterprise)' }),
    verified_type: Type.Integer({ description: 'granted on approval: 0 individual, 1 enterprise' }),
    identify_type: Type.Integer(),
    document_type: Type.Union([Type.Integer(), Type.Null()]),
    name: Type.String(),
    verified_number: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
    attachments: Type.Integer({ description: 'how many files; read each at .../attachments/{1..n}' }),
    status: Type.String(),
    is_review: Type.Integer(),
    opinion: Type.Union([Type.String(), Type.Null()]),
    decided_by: Type.Union([Type.String(), Type.Null()]),
    submitted_at: Type.String(),
    decided_at: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'RealnameReview' },
);
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const RejectBody = Type.Object({ opinion: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
const Policy = Type.Object({ auto_decision: Type.Union([Type.Literal('manual'), Type.Literal('approve'), Type.Literal('reject')]) }, { title: 'RealnamePolicy', additionalProperties: false });
const RecordChange = Type.Object(
  {
    label: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
    customer_level: Type.Optional(Type.Union([Type.String({ pattern: '^V[0-5]$' }), Type.Null()])),
    account_manager: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp', pdf: 'application/pdf' };

/** Operator plane: the verification-code outbox, the real-name review queue and its policy, customer records. */
export function registerCustomerOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: customers'];
  const operatorOnly = guards.operatorOnly;

  app.get<{ Querystring: Static<typeof OutboxQuery> }>(
    '/operator/v1/verification-outbox',
    {
      schema: {
        tags,
        summary: 'Verification codes sent by SMS (written to the outbox), newest first',
        querystring: OutboxQuery,
        response: { 200: Type.Object({ count: Type.Integer(), messages: Type.Array(OutboxMessage) }), ...OperatorError },
      },
      preValidation: operatorOnly,
    },
    async (request) => listVerificationOutbox(deps, request.query),
  );

  app.get<{ Querystring: Static<typeof ReviewsQuery> }>(
    '/operator/v1/realname-reviews',
    {
      schema: {
        tags,
        summary: 'Real-name applications (default: those in review), oldest first',
        querystring: ReviewsQuery,
        response: { 200: Type.Object({ count: Type.Integer(), reviews: Type.Array(Review) }), ...OperatorError },
      },
      preValidation: operatorOnly,
    },
    async (request) => listRealnameReviews(deps, request.query),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    '/operator/v1/realname-reviews/:id',
    { schema: { tags, summary: 'One real-name application', params: IdParams, response: { 200: Review, ...OperatorError } }, preValidation: operatorOnly },
    async (request) => getRealnameReview(deps, request.params.id),
  );
  app.get<{ Params: { id: string; index: number } }>(
    '/operator/v1/realname-reviews/:id/attachments/:index',
    {
      schema: {
        tags,
        summary: "An application's attachment, as submitted (1-based)",
        params: Type.Object({ id: Type.String({ maxLength: 64 }), index: Type.Integer({ minimum: 1, maximum: 4 }) }),
        response: { 200: { description: 'the file', type: 'string', format: 'binary' }, ...OperatorError },
      },
      preValidation: operatorOnly,
    },
    async (request, reply) => {
      const file = await getRealnameAttachment(deps, request.params.id, request.params.index);
      return reply.type(MIME[file.extension] ?? 'application/octet-stream').send(file.data);
    },
  );
  app.post<{ Params: Static<typeof IdParams> }>(
    '/operator/v1/realname-reviews/:id/approve',
    { schema: { tags, summary: 'Approve an application in review', params: IdParams, response: { 200: Review, ...OperatorError } }, preValidation: operatorOnly },
    async (request) => decideRealnameReview(deps, request.params.id, { approve: true }, request.caller!.accountName),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RejectBody> }>(
    '/operator/v1/realname-reviews/:id/reject',
    {
      schema: { tags, summary: 'Reject an application in review, with the opinion the partner will read', params: IdParams, body: RejectBody, response: { 200: Review, ...OperatorError } },
      preValidation: operatorOnly,
    },
    async (request) => decideRealnameReview(deps, request.params.id, { approve: false, opinion: request.body.opinion }, request.caller!.accountName),
  );
  app.get(
    '/operator/v1/realname-policy',
    { schema: { tags, summary: 'How real-name applications are decided', response: { 200: Policy, ...OperatorError } }, preValidation: operatorOnly },
    async () => ({ auto_decision: await readRealnamePolicy(deps.db.kysely) }),
  );
  app.put<{ Body: Static<typeof Policy> }>(
    '/operator/v1/realname-policy',
    {
      schema: {
        tags,
        summary: 'manual: the review queue (is_review 1); approve or reject: decided at submission (is_review 0)',
        body: Policy,
        response: { 200: Policy, ...OperatorError },
      },
      preValidation: operatorOnly,
    },
    async (request) => ({ auto_decision: await setRealnamePolicy(deps, request.body.auto_decision) }),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof RecordChange> }>(
    '/operator/v1/customers/:id',
    {
      schema: {
        tags,
        summary: "Set a customer's label, level (V0-V5), account manager or e-mail (null clears)",
        params: IdParams,
        body: RecordChange,
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...OperatorError },
      },
      preValidation: operatorOnly,
    },
    async (request) => {
      const record = await updateCustomerRecord(deps, request.params.id, request.body);
      return { partner_id: record.partner_id, ...toCustomerInformation(record) };
    },
  );
  for (const [action, frozen] of [['freeze', true], ['unfreeze', false]] as const) {
    app.post<{ Params: Static<typeof IdParams> }>(
      `/operator/v1/customers/:id/${action}`,
      {
        schema: {
          tags,
          summary: frozen ? "Freeze a customer account: its keys and tokens stop working; is_frozen becomes 1" : 'Unfreeze a customer account',
          params: IdParams,
          response: { 200: Type.Record(Type.String(), Type.Unknown()), ...OperatorError },
        },
        preValidation: operatorOnly,
      },
      async (request) => {
        const record = await setCustomerFrozen(deps, request.params.id, frozen);
        return { partner_id: record.partner_id, ...toCustomerInformation(record) };
      },
    );
  }
}
