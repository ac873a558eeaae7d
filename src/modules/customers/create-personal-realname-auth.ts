import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ApplyIndividualRealnameAuthsReq, CreatePersonalRealnameAuthResponse } from '../../contract/generated/models.ts';
import { invalidParam } from './customers.errors.ts';
import { CHINA_MOBILE_RE, checkOneOf, checkText } from './field-rules.ts';
import { checkFileUrls } from './realname-fields.ts';
import { submitRealnameApplication } from './submit-realname-application.ts';

/** Document types of individual verification: 3 passport, 5 HK/Macau permit, 6 Taiwan permit, 9 HK/Macau residence, 10 Taiwan residence; 0 (ID card) as an unconfirmed extra. */
export const INDIVIDUAL_DOCUMENT_TYPES = [0, 3, 5, 6, 9, 10] as const;

/**
 * create_personal_realname_auth: individual verification by certificate (identify_type 0: three
 * images, e.g. data page, stamp page, hand-held) or by bank card (identify_type 4: one face
 * photo, and the bank card's holder mobile with a scene-18 verification code).
 */
export async function createPersonalRealnameAuth(deps: Deps, caller: Caller, req: ApplyIndividualRealnameAuthsReq): Promise<CreatePersonalRealnameAuthResponse> {
  checkText('customer_id', req.customer_id, { required: true, max: 64 });
  checkOneOf('identify_type', req.identify_type, [0, 4]);
  const byCard = req.identify_type === 4;
  if (!byCard) {
    if (req.verified_type === undefined || req.verified_type === null) throw invalidParam('verified_type', 'is required when identify_type is 0');
    checkOneOf('verified_type', req.verified_type, INDIVIDUAL_DOCUMENT_TYPES);
  }
  checkFileUrls(req.verified_file_url, byCard ? 1 : 3, byCard ? 1 : 3, byCard ? 'one face photo' : 'the document pages in the documented order');
  checkText('name', req.name, { required: true, max: 255 });
  checkText('verified_number', req.verified_number, { required: true, max: 32 });
  if (req.change_type !== undefined && req.change_type !== null) checkOneOf('change_type', req.change_type, [-1]);
  checkText('xaccount_type', req.xaccount_type, { required: true, max: 64 });
  let bankCode: { mobile: string; code: string } | undefined;
  const card = req.bank_card_info ?? null;
  if (byCard) {
    if (!card) throw invalidParam('bank_card_info', 'is required when identify_type is 4');
    checkText('bank_card_info.bank_account', card.bank_account, { required: true, max: 64 });
    if (!/^[0-9a-zA-Z][0-9a-zA-Z-]*$/.test(card.bank_account)) throw invalidParam('bank_card_info.bank_account', 'may contain only letters, digits and -, starting with a letter or digit');
    checkOneOf('bank_card_info.areacode', card.areacode, ['0086']);
    if (!CHINA_MOBILE_RE.test(card.mobile)) throw invalidParam('bank_card_info.mobile', 'must be a mainland China mobile number');
    if (!/^\d{6}$/.test(card.verification_code)) throw invalidParam('bank_card_info.verification_code', 'must be 6 digits');
    bankCode = { mobile: card.mobile, code: card.verification_code };
  }
  return submitRealnameApplication(deps, caller, {
    kind: 'individual',
    customerId: req.customer_id,
    xaccountType: req.xaccount_type,
    verifiedType: 0,
    identifyType: req.identify_type,
    documentType: byCard ? null : req.verified_type!,
    name: req.name,
    verifiedNumber: req.verified_number,
    // The card number is kept masked: reviewers need to recognise it, not to use it.
    details: card ? { bank_account: `****${card.bank_account.slice(-4)}`, mobile: card.mobile } : {},
    fileUrls: req.verified_file_url,
    bankCode,
  });
}
