import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { actorOf, type AssociationActor } from './association-actors.ts';
import { AssociationSchema, Errors, IdParams, NoteBody, OperatorQuery, OwnPreviewBody, OwnRequestBody, PreviewSchema, RequestList, RequestSchema } from './association-schemas.ts';
import { acceptAssociationRequest } from './accept-association-request.ts';
import { cancelAssociationRequest } from './cancel-association-request.ts';
import { declineAssociationRequest } from './decline-association-request.ts';
import { getAssociationRequest, listAssociationRequests } from './list-association-requests.ts';
import { previewAssociationChange } from './preview-association-change.ts';
import { requestAssociationChange } from './request-association-change.ts';
import { showCustomerAssociation } from './show-customer-association.ts';

/**
 * Operator plane of association changes: the operator (the platform, where Huawei's documents send
 * customers and partners who need more than the rules allow) asks for any customer without the
 * three-month limits, though the customer still confirms and blockers still apply; it approves or
 * rejects customers' requests for their partner, cancels any pending request, and reads histories.
 */
export function registerAssociationOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: customer associations'];
  const pre = { preValidation: guards.operatorOnly };
  const operator = (request: FastifyRequest): Promise<AssociationActor> => actorOf(deps.db.kysely, request.caller!, { write: true });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof OwnRequestBody> }>(
    '/operator/v1/customers/:id/association-requests',
    {
      schema: {
        tags,
        summary: 'Ask to unbind a customer or switch its association type; the customer confirms',
        description: 'Not bound by the three-month rules, and not counted in them. Blockers apply (PBSS.2004).',
        params: IdParams,
        body: OwnRequestBody,
        response: { 201: RequestSchema, ...Errors },
      },
      ...pre,
    },
    async (request, reply) =>
      reply.code(201).send(await requestAssociationChange(deps, await operator(request), { customerId: request.params.id, action: request.body.action, reason: request.body.reason })),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof OwnPreviewBody> }>(
    '/operator/v1/customers/:id/association-requests/preview',
    { schema: { tags, summary: 'Check whether an operator request would be accepted now', params: IdParams, body: OwnPreviewBody, response: { 200: PreviewSchema, ...Errors } }, ...pre },
    async (request) => previewAssociationChange(deps, await operator(request), { customerId: request.params.id, action: request.body.action }),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    '/operator/v1/customers/:id/association',
    { schema: { tags, summary: "A customer's association, its history and any open request", params: IdParams, response: { 200: AssociationSchema, ...Errors } }, ...pre },
    async (request) => showCustomerAssociation(deps, await operator(request), request.params.id),
  );
  app.get<{ Querystring: Static<typeof OperatorQuery> }>(
    '/operator/v1/association-requests',
    { schema: { tags, summary: 'Association requests, newest first', querystring: OperatorQuery, response: { 200: RequestList, ...Errors } }, ...pre },
    async (request) => listAssociationRequests(deps, await operator(request), request.query),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    '/operator/v1/association-requests/:id',
    { schema: { tags, summary: 'One association request', params: IdParams, response: { 200: RequestSchema, ...Errors } }, ...pre },
    async (request) => getAssociationRequest(deps, await operator(request), request.params.id),
  );
  for (const [verb, summary] of [
    ['approve', "Approve a customer's request for its partner: the change happens at once"],
    ['reject', "Reject a customer's request for its partner"],
    ['cancel', 'Cancel any pending request'],
  ] as const) {
    app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoteBody> }>(
      `/operator/v1/association-requests/:id/${verb}`,
      { schema: { tags, summary, params: IdParams, body: NoteBody, response: { 200: RequestSchema, ...Errors } }, ...pre },
      async (request) => {
        const actor = await operator(request);
        const id = request.params.id;
        if (verb === 'approve') return acceptAssociationRequest(deps, actor, id);
        if (verb === 'reject') return declineAssociationRequest(deps, actor, id, request.body?.note);
        return cancelAssociationRequest(deps, actor, id, request.body?.note);
      },
    );
  }
}
