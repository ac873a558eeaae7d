import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { createCase } from './create-case.ts';
import { getCase } from './get-case.ts';
import { getCaseStatus } from './get-case-status.ts';
import { listCases } from './list-cases.ts';
import { listMessages } from './list-messages.ts';
import { operateCase } from './operate-case.ts';
import { postMessage } from './post-message.ts';
import { rateCase } from './rate-case.ts';
import { isPartnerRole } from './case-access.ts';
import { langOf } from './reference-data.ts';
import {
  ActionQuery,
  CaseDetailResponse,
  CaseIdParams,
  CaseStatusResponse,
  CreateCaseBody,
  CreateCaseResponse,
  CreateMessageBody,
  Empty,
  ERRORS,
  GroupQuery,
  ListCasesQuery,
  ListCasesResponse,
  ListMessagesResponse,
  OperateBody,
  OsmHeaders,
  osmSchemaErrorFormatter,
  PageQuery,
  ScoreBody,
  TAGS,
} from './work-orders.schemas.ts';

export const BASE = '/v2/servicerequest';

/**
 * Options every work-order route shares: the SDK operation name (operationId, metrics label), the
 * tag, the OSM headers, the same signature or token check as the partner API, and schema errors
 * in the OSM error shape.
 */
export function osmRoute(guards: Guards, operation: string, summary: string, schema: Record<string, TSchema | Record<number, TSchema> | string[]>): RouteShorthandOptions {
  return {
    schema: { operationId: operation, tags: TAGS, summary, headers: OsmHeaders, ...schema },
    config: { operation },
    preValidation: guards.anyCaller,
    schemaErrorFormatter: osmSchemaErrorFormatter,
  };
}

export const langOfRequest = (request: FastifyRequest) => langOf(request.headers['x-language']);

const pageOf = (q: { offset?: number; limit?: number }) => ({ offset: q.offset ?? 0, limit: q.limit ? q.limit : 10 });

/** Cases, their actions, messages and ratings (huaweicloud-sdk-osm v2). */
export function registerCaseRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  type CaseReq = { Params: Static<typeof CaseIdParams> };

  app.post<{ Body: Static<typeof CreateCaseBody> }>(
    `${BASE}/cases`,
    osmRoute(guards, 'create_cases', 'Open a case (customers and partners)', { body: CreateCaseBody, response: { 200: CreateCaseResponse, ...ERRORS } }),
    async (request) => createCase(deps, request.caller!, request.body),
  );

  app.get<{ Querystring: Static<typeof ListCasesQuery> }>(
    `${BASE}/cases`,
    osmRoute(guards, 'list_cases', "List the cases the caller may see (the operator's queue: incident_status=0,1,17)", {
      querystring: ListCasesQuery,
      response: { 200: ListCasesResponse, ...ERRORS },
    }),
    async (request) => listCases(deps, request.caller!, request.query, langOfRequest(request), request.headers['x-time-zone'] as string | undefined),
  );

  app.get(
    `${BASE}/cases/partners/privilege/cases-processing`,
    osmRoute(guards, 'show_partners_cases_privilege', 'Whether the caller may answer its customers\u2019 partner-owned cases', {
      response: { 200: Type.Object({ has_privilege: Type.Boolean() }, { title: 'ShowPartnersCasesPrivilegeResponse' }), ...ERRORS },
    }),
    async (request) => ({ has_privilege: isPartnerRole(request.caller!.role) }),
  );

  app.get<CaseReq & { Querystring: Static<typeof GroupQuery> }>(
    `${BASE}/cases/:case_id`,
    osmRoute(guards, 'show_case_detail', 'A case with its messages, attachments and rating', {
      params: CaseIdParams,
      querystring: GroupQuery,
      response: { 200: CaseDetailResponse, ...ERRORS },
    }),
    async (request) => getCase(deps, request.caller!, request.params.case_id, langOfRequest(request)),
  );

  app.get<CaseReq>(
    `${BASE}/cases/:case_id/status`,
    osmRoute(guards, 'show_case_status', "A case's status", { params: CaseIdParams, response: { 200: CaseStatusResponse, ...ERRORS } }),
    async (request) => getCaseStatus(deps, request.caller!, request.params.case_id),
  );

  app.post<CaseReq & { Querystring: Static<typeof ActionQuery>; Body: Static<typeof OperateBody> | null }>(
    `${BASE}/cases/:case_id/action`,
    osmRoute(guards, 'update_cases', 'Act on a case: cancel, close (optionally rating it), press, delete; or, answering it, accept, feedback, resolve, invalidate, transfer', {
      params: CaseIdParams,
      querystring: ActionQuery,
      // The SDK sends {}; a bare POST without a body is accepted too.
      body: Type.Union([OperateBody, Type.Null()]),
      response: { 200: Empty, ...ERRORS },
    }),
    async (request) => {
      await operateCase(deps, request.caller!, request.params.case_id, request.query.action_id, request.body ?? {});
      return {};
    },
  );

  app.post<CaseReq & { Body: Static<typeof CreateMessageBody> }>(
    `${BASE}/cases/:case_id/message`,
    osmRoute(guards, 'create_messages', 'Write to a case (the submitter) or answer it (the handler)', {
      params: CaseIdParams,
      body: CreateMessageBody,
      response: { 200: Empty, ...ERRORS },
    }),
    async (request) => {
      await postMessage(deps, request.caller!, request.params.case_id, request.body.message);
      return {};
    },
  );

  app.get<CaseReq & { Querystring: Static<typeof PageQuery> }>(
    `${BASE}/cases/:case_id/messages`,
    osmRoute(guards, 'list_messages', "A case's messages, oldest first", { params: CaseIdParams, querystring: PageQuery, response: { 200: ListMessagesResponse, ...ERRORS } }),
    async (request) => listMessages(deps, request.caller!, request.params.case_id, pageOf(request.query)),
  );

  app.post<CaseReq & { Body: Static<typeof ScoreBody> }>(
    `${BASE}/cases/:case_id/score`,
    osmRoute(guards, 'create_scores', 'Rate a completed case (once, by whoever opened it)', { params: CaseIdParams, body: ScoreBody, response: { 200: Empty, ...ERRORS } }),
    async (request) => {
      await rateCase(deps, request.caller!, request.params.case_id, request.body);
      return {};
    },
  );
}
