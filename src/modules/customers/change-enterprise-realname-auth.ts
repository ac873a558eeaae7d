import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ChangeEnterpriseRealnameAuthenticationResponse, ChangeEnterpriseRealnameAuthsReq } from '../../contract/generated/models.ts';
import { checkOneOf } from './field-rules.ts';
import { checkEnterpriseFields } from './realname-fields.ts';
import { submitRealnameApplication } from './submit-realname-application.ts';

/**
 * change_enterprise_realname_authentication: a customer verified as an individual asks to become
 * an enterprise (change_type 1, the only change the API offers). It stays verified as an
 * individual until the change is approved.
 */
export async function changeEnterpriseRealnameAuth(
  deps: Deps,
  caller: Caller,
  req: ChangeEnterpriseRealnameAuthsReq,
): Promise<ChangeEnterpriseRealnameAuthenticationResponse> {
  const { details } = checkEnterpriseFields(req);
  checkOneOf('change_type', req.change_type, [1]);
  return submitRealnameApplication(deps, caller, {
    kind: 'change',
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
