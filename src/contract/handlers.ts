import type { Deps } from '../platform/deps.ts';
import type { OperationHandlers } from './register-partner-api.ts';
import { listIndirectPartners } from '../modules/partners/index.ts';

/**
 * The partner-API operations built so far, each bound to its use case. Every other operation of
 * the contract answers 501 until its module lands; `npm run coverage:api` counts this table.
 */
export function partnerApiHandlers(deps: Deps): OperationHandlers {
  return {
    list_indirect_partners: async ({ caller, body }) => listIndirectPartners(deps, caller, body),
  };
}
