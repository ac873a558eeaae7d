import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Guards } from '../../platform/http/guards.ts';
import { OperatorError } from '../../platform/http/operator-schemas.ts';
import { addCustomerAddress } from './add-customer-address.ts';
import { changeCustomerAddress } from './change-customer-address.ts';
import { listCustomerAddresses } from './list-customer-addresses.ts';
import { removeCustomerAddress } from './remove-customer-address.ts';

const Code = (description: string) => Type.String({ pattern: '^[0-9]{6}$', description });
const AddressBody = Type.Object(
  {
    recipient: Type.String({ minLength: 1, maxLength: 64 }),
    mobile_phone: Type.String({ minLength: 1, maxLength: 32, description: 'Mainland China mobile number, 11 digits' }),
    province_code: Code('A province code from list_provinces'),
    city_code: Code("A city code of the province, from list_cities"),
    county_code: Type.Optional(Type.Union([Code("A county code of the city, from list_counties (required when the city has counties)"), Type.Null()])),
    detail_address: Type.String({ minLength: 1, maxLength: 255, description: 'Street, building, room' }),
    postal_code: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{6}$' }), Type.Null()])),
    is_default: Type.Optional(Type.Boolean({ description: 'true makes this the default address; the first address always is' })),
  },
  { additionalProperties: false },
);
const Address = Type.Object(
  {
    id: Type.String(),
    customer_id: Type.String(),
    recipient: Type.String(),
    mobile_phone: Type.String(),
    province_code: Type.String(),
    province_name: Type.String(),
    city_code: Type.String(),
    city_name: Type.String(),
    county_code: Type.Union([Type.String(), Type.Null()]),
    county_name: Type.Union([Type.String(), Type.Null()]),
    detail_address: Type.String(),
    postal_code: Type.Union([Type.String(), Type.Null()]),
    is_default: Type.Boolean(),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { title: 'PostalAddress' },
);
const AddressList = Type.Object({ addresses: Type.Array(Address) });
const Id = Type.String({ maxLength: 64 });
const CustomerParams = Type.Object({ id: Id });
const CustomerAddressParams = Type.Object({ id: Id, address_id: Id });
const AddressParams = Type.Object({ address_id: Id });

/** The calling customer (its own credentials, or a partner's assumed customer token). */
function customerOf(request: FastifyRequest): string {
  const caller = request.caller!;
  if (caller.role !== 'customer') throw new AppError('CBC.0151', 'access denied: customers only');
  return caller.accountId;
}

/**
 * Customers' postal addresses (no partner-API operation has them): the customer manages its own
 * under /customer/v1/addresses, the operator any customer's. Division codes are checked against
 * the data list_provinces, list_cities and list_counties answer from.
 */
export function registerCustomerAddressRoutes(app: FastifyInstance, deps: Deps, guards: Guards): void {
  const own = ['Customer: postal addresses'];
  app.get('/customer/v1/addresses', { schema: { tags: own, summary: 'My postal addresses, the default first', response: { 200: AddressList, ...OperatorError } }, preValidation: guards.anyCaller }, async (request) =>
    listCustomerAddresses(deps, customerOf(request)),
  );
  app.post<{ Body: Static<typeof AddressBody> }>(
    '/customer/v1/addresses',
    { schema: { tags: own, summary: 'Add a postal address (at most 10)', body: AddressBody, response: { 201: Address, ...OperatorError } }, preValidation: guards.anyCaller },
    async (request, reply) => reply.code(201).send(await addCustomerAddress(deps, customerOf(request), request.body)),
  );
  app.put<{ Params: Static<typeof AddressParams>; Body: Static<typeof AddressBody> }>(
    '/customer/v1/addresses/:address_id',
    { schema: { tags: own, summary: 'Replace one of my postal addresses', params: AddressParams, body: AddressBody, response: { 200: Address, ...OperatorError } }, preValidation: guards.anyCaller },
    async (request) => changeCustomerAddress(deps, customerOf(request), request.params.address_id, request.body),
  );
  app.delete<{ Params: Static<typeof AddressParams> }>(
    '/customer/v1/addresses/:address_id',
    { schema: { tags: own, summary: 'Remove one of my postal addresses', params: AddressParams, response: { 204: Type.Null(), ...OperatorError } }, preValidation: guards.anyCaller },
    async (request, reply) => {
      await removeCustomerAddress(deps, customerOf(request), request.params.address_id);
      return reply.code(204).send();
    },
  );

  const tags = ['Operator: customers'];
  const operatorOnly = guards.operatorOnly;
  app.get<{ Params: Static<typeof CustomerParams> }>(
    '/operator/v1/customers/:id/addresses',
    { schema: { tags, summary: "A customer's postal addresses, the default first", params: CustomerParams, response: { 200: AddressList, ...OperatorError } }, preValidation: operatorOnly },
    async (request) => listCustomerAddresses(deps, request.params.id),
  );
  app.post<{ Params: Static<typeof CustomerParams>; Body: Static<typeof AddressBody> }>(
    '/operator/v1/customers/:id/addresses',
    { schema: { tags, summary: 'Add a postal address for a customer (at most 10)', params: CustomerParams, body: AddressBody, response: { 201: Address, ...OperatorError } }, preValidation: operatorOnly },
    async (request, reply) => reply.code(201).send(await addCustomerAddress(deps, request.params.id, request.body)),
  );
  app.put<{ Params: Static<typeof CustomerAddressParams>; Body: Static<typeof AddressBody> }>(
    '/operator/v1/customers/:id/addresses/:address_id',
    { schema: { tags, summary: "Replace a customer's postal address", params: CustomerAddressParams, body: AddressBody, response: { 200: Address, ...OperatorError } }, preValidation: operatorOnly },
    async (request) => changeCustomerAddress(deps, request.params.id, request.params.address_id, request.body),
  );
  app.delete<{ Params: Static<typeof CustomerAddressParams> }>(
    '/operator/v1/customers/:id/addresses/:address_id',
    { schema: { tags, summary: "Remove a customer's postal address", params: CustomerAddressParams, response: { 204: Type.Null(), ...OperatorError } }, preValidation: operatorOnly },
    async (request, reply) => {
      await removeCustomerAddress(deps, request.params.id, request.params.address_id);
      return reply.code(204).send();
    },
  );
}
