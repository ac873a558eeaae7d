import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ApplyEnterpriseRealnameAuthsReq, CreateEnterpriseRealnameAuthenticationResponse } from '../../contract/generated/models.ts';
import { checkEnterpriseFields } from './realname-fields.ts';
import { submitRealnameApplication } from './submit-realname-application.ts';

/** create_enterprise_realname_authentication: first verification of a customer as an organisation. */
export async function createEnterpriseRealnameAuth(
  deps: Deps,
  caller: Caller,
  req: ApplyEnterpriseRealnameAuthsReq,
): Promise<CreateEnterpriseRealnameAuthenticationResponse> {
  const { details } = checkEnterpriseFields(req);
  return submitRealnameApplication(deps, caller, {
    kind: 'enterprise',
    customerId: req.customer_id,
    xaccountType: req.xaccount_type,
    verifiedType: 1,
    identifyType: req.identify_type,
    documentType: req.certificate_type ?? null,
    name: req.corp_name,
    verifiedNumber: req.verified_number,
    details,
    fileUrls: req.verified_file_url,
  });
}
