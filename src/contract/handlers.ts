import type { Deps } from '../platform/deps.ts';
import type { OperationName } from './generated/operations.ts';
import type { OperationHandlers } from './register-partner-api.ts';
import { listIndirectPartners } from '../modules/partners/index.ts';
import { customerApiHandlers } from '../modules/customers/index.ts';
import { fundsHandlers } from '../modules/funds/index.ts';
import { catalogHandlers } from '../modules/catalog/index.ts';
import { ratingHandlers } from '../modules/rating/index.ts';
import { couponHandlers } from '../modules/coupons/index.ts';
import { couponsPort, ordersHandlers, renewalSubjectsFinder } from '../modules/orders/index.ts';
import { billsHandlers } from '../modules/bills/index.ts';

/**
 * The partner-API operations built so far, each bound to its use case. Every other operation of
 * the contract answers 501 until its module lands; `npm run coverage:api` counts this table.
 */
export function partnerApiHandlers(deps: Deps): OperationHandlers {
  return {
    list_indirect_partners: async ({ caller, body }) => listIndirectPartners(deps, caller, body),
    ...customerApiHandlers(deps),
    ...fundsHandlers(deps),
    ...catalogHandlers(deps),
    ...ratingHandlers(deps, renewalSubjectsFinder),
    ...couponHandlers(deps),
    ...ordersHandlers(deps, couponsPort),
    ...billsHandlers(deps),
  };
}

/**
 * The operations that have a handler, without a running system: the table is built with
 * dependencies that throw when touched, which holds as long as handlers only close over `deps`
 * (read it when called, never while binding). Used by the API coverage report and the tests.
 */
export function implementedOperations(): OperationName[] {
  const untouchable = new Proxy({} as Deps, {
    get: (_target, key) => {
      throw new Error(`partnerApiHandlers read deps.${String(key)} while binding; read it inside the handler`);
    },
  });
  const table = partnerApiHandlers(untouchable);
  return (Object.keys(table) as OperationName[]).filter((name) => table[name] !== undefined).sort();
}
