import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { isPartnerCaller } from '../../platform/http/caller.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { actorOf, type AssociationActor } from './association-actors.ts';
import {
  AssociationSchema,
  ConfirmBody,
  Errors,
  IdParams,
  NoteBody,
  OwnPreviewBody,
  OwnQuery,
  OwnRequestBody,
  PartnerDecisionBody,
  PartnerOneQuery,
  PartnerPreviewBody,
  PartnerQuery,
  PartnerRequestBody,
  PreviewSchema,
  RequestList,
  RequestSchema,
} from './association-schemas.ts';
import { acceptAssociationRequest } from './accept-association-request.ts';
import { cancelAssociationRequest } from './cancel-association-request.ts';
import { declineAssociationRequest } from './decline-association-request.ts';
import { getAssociationRequest, listAssociationRequests } from './list-association-requests.ts';
import { previewAssociationChange } from './preview-association-change.ts';
import { requestAssociationChange } from './request-association-change.ts';
import { resendConfirmationCode } from './resend-confirmation-code.ts';
import { showCustomerAssociation } from './show-customer-association.ts';
import { notYourTurn } from './associations.errors.ts';

/**
 * Partner and customer planes of association changes (no partner-API operation has them: Huawei's
 * consoles do). Signed like the partner API (AK/SK or token). A partner asks about its customers and
 * approves or rejects their requests; a customer asks about itself and confirms or declines its
 * partner's (never a partner acting with an assumed customer token).
 */
export function registerAssociationRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const db = deps.db.kysely;
  const partner = async (request: FastifyRequest, indirectPartnerId?: string | null): Promise<AssociationActor> => {
    if (!isPartnerCaller(request.caller!)) throw notYourTurn('partners only');
    return actorOf(db, request.caller!, { indirectPartnerId, write: true });
  };
  const customer = async (request: FastifyRequest, write: boolean): Promise<AssociationActor> => {
    if (request.caller!.role !== 'customer') throw notYourTurn('customers only');
    return actorOf(db, request.caller!, { write });
  };
  const pre = { preValidation: guards.anyCaller };

  const p = ['Partner: customer associations'];
  app.post<{ Body: Static<typeof PartnerRequestBody> }>(
    '/partner/v1/association-requests',
    {
      schema: {
        tags: p,
        summary: 'Ask to unbind a customer or switch its association type; the customer confirms',
        description:
          'Refused (nothing stored) when the customer has an open request (PBSS.2005), within three months of the customer\'s own request (PBSS.2002) or of this partner\'s last request for the customer (PBSS.2003), or when blockers stand in the way (PBSS.2004: frozen account, pending orders, unexpired reserved instances, arrears of a resale customer). A customer with a mobile number gets a confirmation code. The request waits 7 days.',
        body: PartnerRequestBody,
        response: { 201: RequestSchema, ...Errors },
      },
      ...pre,
    },
    async (request, reply) => {
      const b = request.body;
      const actor = await partner(request, b.indirect_partner_id);
      return reply.code(201).send(await requestAssociationChange(deps, actor, { customerId: b.customer_id, action: b.action, reason: b.reason }));
    },
  );
  app.post<{ Body: Static<typeof PartnerPreviewBody> }>(
    '/partner/v1/association-requests/preview',
    { schema: { tags: p, summary: 'Check whether a request would be accepted now, and what it would reclaim', body: PartnerPreviewBody, response: { 200: PreviewSchema, ...Errors } }, ...pre },
    async (request) => previewAssociationChange(deps, await partner(request, request.body.indirect_partner_id), { customerId: request.body.customer_id, action: request.body.action }),
  );
  app.get<{ Querystring: Static<typeof PartnerQuery> }>(
    '/partner/v1/association-requests',
    { schema: { tags: p, summary: "Requests about the partner's customers, newest first", querystring: PartnerQuery, response: { 200: RequestList, ...Errors } }, ...pre },
    async (request) => listAssociationRequests(deps, await partner(request, request.query.indirect_partner_id), request.query),
  );
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof PartnerOneQuery> }>(
    '/partner/v1/association-requests/:id',
    { schema: { tags: p, summary: 'One request', params: IdParams, querystring: PartnerOneQuery, response: { 200: RequestSchema, ...Errors } }, ...pre },
    async (request) => getAssociationRequest(deps, await partner(request, request.query.indirect_partner_id), request.params.id),
  );
  const partnerDecisions = [
    ['approve', "Approve a customer's request: the change happens at once (balance and coupons reclaimed)"],
    ['reject', "Reject a customer's request"],
    ['cancel', "Withdraw the partner's own pending request"],
  ] as const;
  for (const [verb, summary] of partnerDecisions) {
    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PartnerDecisionBody> }>(
      `/partner/v1/association-requests/:id/${verb}`,
      { schema: { tags: p, summary, params: IdParams, body: PartnerDecisionBody, response: { 200: RequestSchema, ...Errors } }, ...pre },
      async (request) => {
        const actor = await partner(request, request.body?.indirect_partner_id);
        const id = request.params.id;
        if (verb === 'approve') return acceptAssociationRequest(deps, actor, id);
        if (verb === 'reject') return declineAssociationRequest(deps, actor, id, request.body?.note);
        return cancelAssociationRequest(deps, actor, id, request.body?.note);
      },
    );
  }

  const c = ['Customer: partner association'];
  app.get('/customer/v1/association', { schema: { tags: c, summary: 'My association with my partner, its history and any open request', response: { 200: AssociationSchema, ...Errors } }, ...pre }, async (request) => {
    const actor = await customer(request, false);
    return showCustomerAssociation(deps, actor, actor.accountId);
  });
  app.post<{ Body: Static<typeof OwnRequestBody> }>(
    '/customer/v1/association-requests',
    {
      schema: {
        tags: c,
        summary: 'Ask my partner to unbind me or switch my association type; the partner approves or rejects',
        description: 'At most once in three months (PBSS.2001); refused while blockers stand in the way (PBSS.2004).',
        body: OwnRequestBody,
        response: { 201: RequestSchema, ...Errors },
      },
      ...pre,
    },
    async (request, reply) => {
      const actor = await customer(request, true);
      return reply.code(201).send(await requestAssociationChange(deps, actor, { customerId: actor.accountId, action: request.body.action, reason: request.body.reason }));
    },
  );
  app.post<{ Body: Static<typeof OwnPreviewBody> }>(
    '/customer/v1/association-requests/preview',
    { schema: { tags: c, summary: 'Check whether my request would be accepted now', body: OwnPreviewBody, response: { 200: PreviewSchema, ...Errors } }, ...pre },
    async (request) => {
      const actor = await customer(request, false);
      return previewAssociationChange(deps, actor, { customerId: actor.accountId, action: request.body.action });
    },
  );
  app.get<{ Querystring: Static<typeof OwnQuery> }>(
    '/customer/v1/association-requests',
    { schema: { tags: c, summary: 'Requests about me, newest first', querystring: OwnQuery, response: { 200: RequestList, ...Errors } }, ...pre },
    async (request) => listAssociationRequests(deps, await customer(request, false), request.query),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    '/customer/v1/association-requests/:id',
    { schema: { tags: c, summary: 'One request about me', params: IdParams, response: { 200: RequestSchema, ...Errors } }, ...pre },
    async (request) => getAssociationRequest(deps, await customer(request, false), request.params.id),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ConfirmBody> }>(
    '/customer/v1/association-requests/:id/confirm',
    {
      schema: {
        tags: c,
        summary: "Confirm my partner's (or the operator's) request: the change happens at once",
        description: 'With the code sent to my mobile number when the request requires one (CBC.99004010 wrong, CBC.99004008 expired, CBC.99004009 after three wrong tries).',
        params: IdParams,
        body: ConfirmBody,
        response: { 200: RequestSchema, ...Errors },
      },
      ...pre,
    },
    async (request) => acceptAssociationRequest(deps, await customer(request, true), request.params.id, { verificationCode: request.body?.verification_code }),
  );
  for (const [verb, summary] of [
    ['decline', "Decline my partner's (or the operator's) request"],
    ['cancel', 'Withdraw my own pending request'],
  ] as const) {
    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoteBody> }>(
      `/customer/v1/association-requests/:id/${verb}`,
      { schema: { tags: c, summary, params: IdParams, body: NoteBody, response: { 200: RequestSchema, ...Errors } }, ...pre },
      async (request) => {
        const actor = await customer(request, true);
        return verb === 'decline' ? declineAssociationRequest(deps, actor, request.params.id, request.body?.note) : cancelAssociationRequest(deps, actor, request.params.id, request.body?.note);
      },
    );
  }
  app.post<{ Params: Static<typeof IdParams> }>(
    '/customer/v1/association-requests/:id/verification-code',
    { schema: { tags: c, summary: 'Send me a new confirmation code for a pending request', params: IdParams, response: { 204: Type.Null(), ...Errors } }, ...pre },
    async (request, reply) => {
      await resendConfirmationCode(deps, await customer(request, true), request.params.id);
      return reply.code(204).send();
    },
  );
}
