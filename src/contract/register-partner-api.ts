import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AppError } from '../platform/errors.ts';
import { rawBodyOf } from '../platform/http/raw-body.ts';
import { IdempotencyKeyHeaders, takesIdempotencyKey } from '../platform/http/idempotency-key.ts';
import type { Caller } from '../platform/http/caller.ts';
import { OPERATIONS, type OperationName } from './generated/operations.ts';
import { roleMayCall } from './policy.ts';

type Ops = typeof OPERATIONS;
type StaticOr<T, F> = T extends TSchema ? Static<T> : F;

export interface OperationContext<K extends OperationName> {
  caller: Caller;
  body: StaticOr<Ops[K]['body'], undefined>;
  query: StaticOr<Ops[K]['query'], Record<string, never>>;
  params: StaticOr<Ops[K]['params'], Record<string, never>>;
  /** From X-Language: zh_CN (default) or en_US. */
  language: 'zh_CN' | 'en_US';
  request: FastifyRequest;
}

export type OperationResult<K extends OperationName> = StaticOr<Ops[K]['response'], void>;

export type OperationHandlers = {
  [K in OperationName]?: (ctx: OperationContext<K>) => Promise<OperationResult<K>>;
};

export const ErrorBody = Type.Object(
  {
    error_code: Type.String(),
    error_msg: Type.String(),
    request_id: Type.Optional(Type.String()),
  },
  { title: 'ErrorBody' },
);

/** Tags for the OpenAPI document, by path. */
export function tagOf(path: string): string {
  if (path.includes('/enterprises/')) return 'Enterprise multi-account';
  // Before coupons: an order's usable coupons are an order query.
  if (path.includes('/orders/')) return 'Orders and subscriptions';
  if (path.includes('coupon') || path.includes('/promotions/') || path.includes('stored-value-cards')) return 'Coupons and quotas';
  if (path.includes('/ratings/')) return 'Rating';
  if (path.includes('free-resources')) return 'Resource packages';
  if (path.includes('/bills/') || path.includes('/costs/')) return 'Bills';
  if (path.includes('on-demand-resources/query')) return 'Orders and subscriptions';
  if (path.includes('/accounts/') || path.includes('indirect-partners')) return 'Funds';
  if (path.includes('/products/') || path.includes('/bases/measurements') || path.includes('/bases/conversions')) return 'Catalog';
  if (path.includes('/systems/configs/')) return 'Reference data';
  return 'Customers';
}

export function languageOf(request: FastifyRequest): 'zh_CN' | 'en_US' {
  const h = request.headers['x-language'];
  return typeof h === 'string' && /^en[-_]us$/i.test(h) ? 'en_US' : 'zh_CN';
}

const ERROR_RESPONSES = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody, 501: ErrorBody };

/**
 * Registers a route for every operation of the contract. The caller check, the role check and flow
 * control run before validation; an operation without a handler answers 501 naming itself.
 */
export function registerPartnerApi(
  app: FastifyInstance,
  handlers: OperationHandlers,
  guard: (operation: OperationName) => preValidationHookHandler,
): void {
  for (const name of Object.keys(OPERATIONS) as OperationName[]) {
    const op = OPERATIONS[name];
    const handler = handlers[name] as ((ctx: OperationContext<OperationName>) => Promise<unknown>) | undefined;
    app.route({
      method: op.method,
      url: op.path,
      schema: {
        operationId: name,
        tags: [tagOf(op.path)],
        summary: name.replaceAll('_', ' '),
        ...(handler ? {} : { description: 'Not implemented yet: answers 501.' }),
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { querystring: op.query } : {}),
        ...(op.body ? { body: op.body } : {}),
        ...(takesIdempotencyKey(handler) ? { headers: IdempotencyKeyHeaders } : {}),
        response: {
          ...(op.successStatus === 204 ? { 204: Type.Null({ description: 'No content' }) } : { 200: op.response ?? Type.Object({}) }),
          ...ERROR_RESPONSES,
        },
      },
      config: { operation: name },
      preValidation: [
        guard(name),
        // An operation whose body has no required field may be called without a body, as the
        // SDKs do when the request model is left empty: validate it as {}.
        async (request) => {
          if (request.body === undefined && rawBodyOf(request).length === 0 && op.body && !hasRequired(op.body)) request.body = {};
        },
      ],
      handler: async (request, reply) => {
        if (!handler) throw new AppError('PBSS.0501', `operation ${name} is not implemented yet`);
        const result = await handler({
          caller: request.caller!,
          body: request.body as never,
          query: (request.query ?? {}) as never,
          params: (request.params ?? {}) as never,
          language: languageOf(request),
          request,
        });
        if (op.successStatus === 204) return reply.code(204).send();
        return reply.code(200).send(result);
      },
    });
  }
}

function hasRequired(schema: TSchema): boolean {
  const required = (schema as { required?: unknown }).required;
  return Array.isArray(required) && required.length > 0;
}

/** The guard every partner-API route runs: authenticate, check the role, apply flow control. */
export function roleGuardFor(
  authenticate: (request: FastifyRequest) => Promise<Caller>,
  allowRate: (caller: Caller, operation: string) => boolean,
) {
  return (operation: OperationName): preValidationHookHandler =>
    async (request) => {
      const caller = await authenticate(request);
      request.caller = caller;
      if (!roleMayCall(operation, caller.role, caller.partnerType)) {
        throw new AppError('CBC.0151', `access denied: ${caller.role} may not call ${operation}`);
      }
      const rateKey = caller.delegatedBy ?? caller.accountId;
      if (!allowRate({ ...caller, accountId: rateKey }, operation)) {
        throw new AppError('CBC.0250', 'message flow control: too many requests, retry later');
      }
    };
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyContextConfig {
    operation?: string;
  }
}
