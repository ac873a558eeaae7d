import type { Deps } from '../../platform/deps.ts';
import type { CheckSubcustomerUserReq, CheckUserIdentityResponse } from '../../contract/generated/models.ts';
import { findAccountByName } from '../identity/index.ts';
import { invalidParam } from './customers.errors.ts';
import { countCustomersWithMobile, emailInUse } from './customers.repo.ts';
import { CHECK_NAME_RE, CHINA_MOBILE_RE, COUNTRY_MOBILE_RE, EMAIL_RE, allDigits, checkOneOf, checkText } from './field-rules.ts';

/**
 * How many customer accounts may register with one mobile number. Huawei enforces a cap without
 * publishing it; ours is this constant (a design decision).
 */
export const MOBILE_ACCOUNT_CAP = 5;

/**
 * check_user_identity: whether a login name, mobile number or e-mail address may still be used to
 * register. Names are checked against every account; mobile numbers only against the per-number
 * cap (with the number of registrations left); e-mail addresses against customers' addresses.
 */
export async function checkUserIdentity(deps: Deps, req: CheckSubcustomerUserReq): Promise<CheckUserIdentityResponse> {
  checkOneOf('search_type', req.search_type, ['email', 'mobile', 'name']);
  checkText('search_value', req.search_value, { required: true, max: 64 });
  const value = req.search_value;
  const db = deps.db.kysely;
  switch (req.search_type) {
    case 'name': {
      if (!CHECK_NAME_RE.test(value) || allDigits(value)) {
        throw invalidParam('search_value', 'must be a login name of 5-32 letters, digits, _ or -, starting with a letter or -, not starting with op_ or shadow_');
      }
      return { check_result: (await findAccountByName(db, value)) ? 'used_by_user' : 'available' };
    }
    case 'mobile': {
      const m = COUNTRY_MOBILE_RE.exec(value);
      if (!m) throw invalidParam('search_value', 'must be a mobile number written 00XX-number');
      if (m[1] !== '0086') throw invalidParam('search_value', 'only mainland China numbers (0086) are supported');
      if (!CHINA_MOBILE_RE.test(m[2]!)) throw invalidParam('search_value', 'must be a mainland China mobile number after 0086-');
      const remain = Math.max(0, MOBILE_ACCOUNT_CAP - (await countCustomersWithMobile(db, m[2]!)));
      return { check_result: remain > 0 ? 'available' : 'used_by_user', mobile_remain_available_num: remain };
    }
    case 'email': {
      if (!EMAIL_RE.test(value)) throw invalidParam('search_value', 'must be a complete e-mail address');
      return { check_result: (await emailInUse(db, value)) ? 'used_by_user' : 'available' };
    }
    default:
      throw invalidParam('search_type', 'must be one of email, mobile, name');
  }
}
