import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { formatAmountText } from '../../platform/money.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { grantFreePackage } from './grant-free-package.ts';
import { ingestUsage } from './ingest-usage.ts';
import { parseNdjson } from './usage-input.ts';
import { rateAllDue } from './rate-usage.ts';
import { collectArrears, findUsageArrears } from './collect-arrears.ts';
import { frozenResourcesOf } from './usage.repo.ts';

const Rejection = Type.Object({ index: Type.Integer(), record_id: Type.Union([Type.String(), Type.Null()]), code: Type.String(), message: Type.String() }, { title: 'UsageRejection' });
const IngestSummary = Type.Object(
  { accepted: Type.Integer(), duplicate: Type.Integer(), rejected: Type.Integer(), rejections: Type.Array(Rejection) },
  { title: 'UsageIngestSummary' },
);
const IngestQuery = Type.Object({ source: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'record ids are unique per source; default "api"' })) });
const FreePackage = Type.Object(
  {
    customer_id: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    service_type_code: Type.String({ minLength: 1, maxLength: 64 }),
    resource_type_code: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    region_code: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    usage_type: Type.String({ minLength: 1, maxLength: 64 }),
    measure_id: Type.Integer({ minimum: 0 }),
    amount: Type.String({ description: 'decimal text in measure_id', maxLength: 40 }),
    effective_time: Type.String(),
    expire_time: Type.String(),
    order_id: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  },
  { title: 'FreeResourcePackageGrant' },
);
const CustomerParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Operator plane: usage ingestion (JSON array or NDJSON), free resource packages, rating on demand, arrears. */
export function registerUsageOperatorRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const tags = ['Operator: usage and on-demand rating'];
  app.post<{ Querystring: Static<typeof IngestQuery> }>(
    '/operator/v1/usage-records',
    {
      schema: {
        tags,
        summary: 'Ingest usage records: a JSON array (or {"records": [...]}) or NDJSON (Content-Type: application/x-ndjson); bad records are rejected one by one, the rest land',
        querystring: IngestQuery,
        consumes: ['application/json', 'application/x-ndjson'],
        response: { 200: IngestSummary, ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request) => {
      const type = String(request.headers['content-type'] ?? '');
      let records: unknown[];
      if (/^application\/(x-)?ndjson\b/i.test(type)) records = parseNdjson(rawBodyOf(request).toString('utf8'));
      else if (/^application\/json\b/i.test(type)) {
        const body = request.body as unknown;
        if (Array.isArray(body)) records = body;
        else if (body && typeof body === 'object' && Array.isArray((body as { records?: unknown }).records)) records = (body as { records: unknown[] }).records;
        else throw new AppError('PBSS.0400', 'the body must be an array of usage records or {"records": [...]}');
      } else throw new AppError('PBSS.0415', 'send application/json or application/x-ndjson');
      return ingestUsage(deps, { source: request.query.source ?? 'api', records });
    },
  );
  app.post<{ Body: Static<typeof FreePackage> }>(
    '/operator/v1/free-resource-packages',
    { schema: { tags, summary: 'Give a customer a free resource package (taken before usage is charged)', body: FreePackage, response: { 200: Type.Object({ id: Type.String() }), ...OperatorError } }, preValidation: guards.operatorOnly },
    async (request) => grantFreePackage(deps, request.body),
  );
  app.post(
    '/operator/v1/usage/rate',
    {
      schema: { tags, summary: 'Rate every usage record of ended hours now (what the hourly job does), then collect arrears', response: { 200: Type.Object({ records: Type.Integer(), lines: Type.Integer(), unrateable: Type.Integer() }), ...OperatorError } },
      preValidation: guards.operatorOnly,
    },
    async () => {
      const r = await rateAllDue(deps);
      await collectArrears(deps);
      return r;
    },
  );
  app.get<{ Params: Static<typeof CustomerParams> }>(
    '/operator/v1/customers/:id/usage-arrears',
    {
      schema: {
        tags,
        summary: "A customer's usage arrears (fen as decimal yuan text) and its frozen on-demand resources",
        params: CustomerParams,
        response: { 200: Type.Object({ debt_amount: Type.String(), frozen_resource_ids: Type.Array(Type.String()) }), ...OperatorError },
      },
      preValidation: guards.operatorOnly,
    },
    async (request) => {
      const debt = await findUsageArrears(deps.db.kysely, request.params.id);
      return { debt_amount: formatAmountText(debt), frozen_resource_ids: await frozenResourcesOf(deps.db.kysely, request.params.id) };
    },
  );
}
