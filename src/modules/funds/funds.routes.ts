import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { idempotencyClaimOf, takingIdempotencyKey } from '../../platform/http/idempotency-key.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { amountFromWire, findInexactJsonNumber, type Fen } from '../../platform/money.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { allocateToCustomer } from './allocate-to-customer.ts';
import { allocateToIndirectPartner } from './allocate-to-indirect-partner.ts';
import { invalidParameter } from './funds.errors.ts';
import { listCustomerChangeRecords } from './list-customer-change-records.ts';
import { listCustomersBalances } from './list-customers-balances.ts';
import { listPartnerAdjustRecords } from './list-partner-adjust-records.ts';
import { listPartnerBalances } from './list-partner-balances.ts';
import { listPartnerChangeRecords } from './list-partner-change-records.ts';
import { reclaimFromCustomer } from './reclaim-from-customer.ts';
import { reclaimFromIndirectPartner } from './reclaim-from-indirect-partner.ts';
import { showCustomerBalances } from './show-customer-balances.ts';

/**
 * Reads a money amount from a request body: every number in the raw JSON must have been parsed
 * exactly (no silent rounding by JSON.parse), and the amount must be > 0 with at most 2 decimals.
 */
export function wireAmount(request: FastifyRequest, value: unknown, field: string): Fen {
  const inexact = findInexactJsonNumber(rawBodyOf(request).toString('utf8'));
  if (inexact !== null) throw invalidParameter(`${field}: the number ${inexact.slice(0, 40)} is not exact`);
  return amountFromWire(value, field);
}

/** The request body, or CBC.0100 when an operation that needs one got none. */
function bodyOf<T>(body: T | undefined): T {
  if (body === undefined || body === null) throw invalidParameter('body is required');
  return body;
}

const claim = (request: FastifyRequest, caller: Caller, operation: string, body: unknown) =>
  idempotencyClaimOf(request, caller.accountId, operation, body);

/** The partner API's funds operations, bound to their use cases. Reads deps only when called. */
export function fundsHandlers(deps: Deps): OperationHandlers {
  return {
    update_customer_account_amount: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      const amount = wireAmount(request, b.amount, 'amount');
      return allocateToCustomer(deps, caller, { customerId: b.customer_id, amount, indirectPartnerId: b.indirect_partner_id }, claim(request, caller, 'update_customer_account_amount', b));
    }),
    reclaim_to_partner_account: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      const amount = wireAmount(request, b.amount, 'amount');
      return reclaimFromCustomer(deps, caller, { customerId: b.customer_id, amount, indirectPartnerId: b.indirect_partner_id }, claim(request, caller, 'reclaim_to_partner_account', b));
    }),
    update_indirect_partner_account: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      const amount = wireAmount(request, b.amount, 'amount');
      return allocateToIndirectPartner(deps, caller, { indirectPartnerId: b.indirect_partner_id, amount }, claim(request, caller, 'update_indirect_partner_account', b));
    }),
    reclaim_indirect_partner_account: takingIdempotencyKey(async ({ caller, body, request }) => {
      const b = bodyOf(body);
      const amount = wireAmount(request, b.amount, 'amount');
      return reclaimFromIndirectPartner(deps, caller, { indirectPartnerId: b.indirect_partner_id, amount }, claim(request, caller, 'reclaim_indirect_partner_account', b));
    }),
    list_partner_balances: async ({ caller, query }) => listPartnerBalances(deps, caller, { indirectPartnerId: query.indirect_partner_id }),
    list_customers_balances_detail: async ({ caller, body }) => {
      const b = bodyOf(body);
      return listCustomersBalances(deps, caller, { customerIds: b.customer_infos.map((c) => c.customer_id), indirectPartnerId: b.indirect_partner_id });
    },
    show_customer_account_balances: async ({ caller }) => showCustomerBalances(deps, caller),
    list_partner_account_change_records: async ({ caller, query }) => listPartnerChangeRecords(deps, caller, query),
    list_customer_account_change_records: async ({ caller, query }) => listCustomerChangeRecords(deps, caller, query),
    list_partner_adjust_records: async ({ caller, query }) => listPartnerAdjustRecords(deps, caller, query),
  };
}
