import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { checkUserIdentity } from './check-user-identity.ts';
import { sendVerificationCode } from './send-verification-code.ts';
import { createSubCustomer } from './create-sub-customer.ts';
import { listSubCustomers } from './list-sub-customers.ts';
import { listSubCustomerNewTags } from './list-sub-customer-new-tags.ts';
import { createPersonalRealnameAuth } from './create-personal-realname-auth.ts';
import { createEnterpriseRealnameAuth } from './create-enterprise-realname-auth.ts';
import { changeEnterpriseRealnameAuth } from './change-enterprise-realname-auth.ts';
import { showRealnameReviewResult } from './show-realname-review-result.ts';
import { showRealNameAuthStatus } from './show-real-name-auth-status.ts';
import { issueRealnameQrCode } from './issue-realname-qr-code.ts';
import { listProvinces } from './list-provinces.ts';
import { listCities } from './list-cities.ts';
import { listCounties } from './list-counties.ts';

/** Operations whose body is optional in the contract but whose fields are required. */
function required<T>(body: T | undefined): T {
  if (body === undefined || body === null) throw new AppError('CBC.0100', 'invalid parameter: body is required');
  return body;
}

/** The customer operations of the partner API, bound to their use cases. Reads deps only when called. */
export function customerApiHandlers(deps: Deps): OperationHandlers {
  return {
    check_user_identity: async ({ body }) => checkUserIdentity(deps, required(body)),
    send_verification_message_code: async ({ caller, body }) => sendVerificationCode(deps, caller, required(body)),
    create_sub_customer: async ({ caller, body }) => createSubCustomer(deps, caller, required(body)),
    list_sub_customers: async ({ caller, body }) => listSubCustomers(deps, caller, body),
    list_sub_customer_new_tag: async ({ caller, body }) => listSubCustomerNewTags(deps, caller, body),
    create_personal_realname_auth: async ({ caller, body }) => createPersonalRealnameAuth(deps, caller, required(body)),
    create_enterprise_realname_authentication: async ({ caller, body }) => createEnterpriseRealnameAuth(deps, caller, required(body)),
    change_enterprise_realname_authentication: async ({ caller, body }) => changeEnterpriseRealnameAuth(deps, caller, required(body)),
    show_realname_authentication_review_result: async ({ caller, query }) => showRealnameReviewResult(deps, caller, query),
    show_real_name_auth_status: async ({ caller }) => showRealNameAuthStatus(deps, caller),
    show_real_name_auth_qr_code: async ({ caller, request }) => issueRealnameQrCode(deps, caller, `${request.protocol}://${request.host}`),
    list_provinces: async ({ query }) => listProvinces(query),
    list_cities: async ({ query }) => listCities(query),
    list_counties: async ({ query }) => listCounties(query),
  };
}
