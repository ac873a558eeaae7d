/**
 * Helpers for the wire-contract tests.
 *
 * The smallest request an operation's contract accepts, built from its TypeBox schemas: required
 * path parameters, required query parameters and a body holding only its required fields, each
 * filled with a type-correct dummy value (arrays hold one element so nested required fields are
 * exercised too). Ids are dummies that name nothing, so implemented handlers answer 4xx, not 2xx.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { OPERATIONS, type OperationName } from '../../src/contract/generated/operations.ts';
import type { CallerRole } from '../../src/platform/http/caller.ts';
import { bssClient, type Credentials, type SdkError } from './sdk.ts';

export const DUMMY_ID = 'pbss-contract-test-dummy-id';

export type PartnerType = 'solution_provider' | 'distributor' | 'reseller' | null;

/** One demo actor per caller role; the partner operator is a staff user of the demo distributor. */
export const CALLER_ACTORS: ReadonlyArray<{ role: CallerRole; actor: string; partnerType: PartnerType }> = [
  { role: 'operator', actor: 'operator', partnerType: null },
  { role: 'solution_provider', actor: 'solution_provider', partnerType: 'solution_provider' },
  { role: 'distributor', actor: 'distributor', partnerType: 'distributor' },
  { role: 'reseller', actor: 'reseller_one', partnerType: 'reseller' },
  { role: 'partner_operator', actor: 'partner_operator', partnerType: 'distributor' },
  { role: 'customer', actor: 'resale_customer', partnerType: null },
];

export interface MinimalRequest {
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

interface ObjectSchema extends TSchema {
  properties: Record<string, TSchema>;
  required?: string[];
}

/** A dummy value of the schema's type; only required properties of objects are filled. */
export function dummyOf(schema: TSchema, name = ''): unknown {
  const kind = schema[Kind] as string;
  switch (kind) {
    case 'Object': {
      const { properties, required = [] } = schema as ObjectSchema;
      return Object.fromEntries(required.map((key) => [key, dummyOf(properties[key]!, key)]));
    }
    case 'Array':
      return [dummyOf((schema as TSchema & { items: TSchema }).items, name)];
    case 'Union': {
      const options = (schema as TSchema & { anyOf: TSchema[] }).anyOf;
      return dummyOf(options.find((o) => o[Kind] !== 'Null') ?? options[0]!, name);
    }
    case 'String':
      return /(^|_)ids?$/.test(name) ? DUMMY_ID : 'dummy';
    case 'Integer':
    case 'Number':
      return 1;
    case 'Boolean':
      return false;
    case 'Null':
      return null;
    case 'Unknown':
      return {};
    default:
      throw new Error(`minimal-request: no dummy for schema kind ${kind} (${name})`);
  }
}

/** The minimal request of an operation, checked against its own schemas before it is returned. */
export function minimalRequest(operation: OperationName): MinimalRequest {
  const op = OPERATIONS[operation];
  const part = (schema: TSchema | null) => (schema ? (dummyOf(schema) as Record<string, unknown>) : {});
  const request: MinimalRequest = {
    pathParams: Object.fromEntries(Object.keys(part(op.params)).map((key) => [key, DUMMY_ID])),
    query: part(op.query),
    body: op.body ? dummyOf(op.body) : undefined,
  };
  for (const [schema, value] of [
    [op.params, request.pathParams],
    [op.query, request.query],
    [op.body, request.body],
  ] as const) {
    if (schema && !Value.Check(schema, value)) {
      throw new Error(`minimal-request: ${operation} built a request its own contract rejects: ${JSON.stringify(value)}`);
    }
  }
  return request;
}

/** The concrete URL path of an operation (fastify `:param` syntax filled in). */
export function pathOf(operation: OperationName, pathParams: Record<string, string> = {}): string {
  return OPERATIONS[operation].path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(pathParams[key] ?? DUMMY_ID));
}

export interface Outcome {
  status: number;
  body: Record<string, unknown>;
  errorCode?: string;
  errorMsg?: string;
}

/** Calls an operation through the official SDK client (minimal request by default); errors become outcomes. */
export async function callOperation(
  url: string,
  creds: Credentials,
  operation: OperationName,
  input: Partial<MinimalRequest> = minimalRequest(operation),
): Promise<Outcome> {
  try {
    const res = await bssClient(url, creds).call(operation, { pathParams: input.pathParams, query: input.query, body: input.body });
    return { status: res.status, body: res.body };
  } catch (e) {
    const err = e as SdkError;
    if (typeof err.status !== 'number') throw e;
    return { status: err.status, body: {}, errorCode: err.errorCode, errorMsg: err.errorMsg };
  }
}
