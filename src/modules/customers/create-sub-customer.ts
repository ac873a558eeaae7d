import type { Deps } from '../../platform/deps.ts';
import type { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import type { CreateCustomerV2Req, CreateSubCustomerResponse } from '../../contract/generated/models.ts';
import { ACCOUNT_NAME_RE, createCustomerAccount, findAccountByName, type Conn } from '../identity/index.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { customerCreatedEvent } from './customer-events.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { invalidParam, loginNameInvalid, loginNameTaken, mobileInvalid, passwordInvalid, tooManyAccountsOnMobile, xaccountTaken } from './customers.errors.ts';
import { countCustomersWithMobile, findCustomerByXaccount, updateCustomerProfile } from './customers.repo.ts';
import { CHINA_MOBILE_RE, allDigits, checkText, passwordProblem } from './field-rules.ts';
import { checkVerificationCode } from './check-verification-code.ts';
import { MOBILE_ACCOUNT_CAP } from './check-user-identity.ts';
import { SCENE_REGISTRATION } from './send-verification-code.ts';

interface ValidCreate {
  name: string;
  mobile: string | null;
  code: string | null;
  password: string | null;
  closeMarketing: boolean;
  associationType: 1 | 2;
}

/** The documented field rules, in field order; nothing is read from the database here. */
function validate(req: CreateCustomerV2Req, randomName: () => string): ValidCreate {
  checkText('xaccount_id', req.xaccount_id, { required: true, max: 128 });
  checkText('xaccount_type', req.xaccount_type, { required: true, max: 64 });

  // Absent, null or "" ⇒ a random 32-character name.
  const name = req.domain_name ? req.domain_name : randomName();
  if (name.length < 5 || name.length > 32) throw loginNameInvalid('must be 5-32 characters');
  if (!ACCOUNT_NAME_RE.test(name) || allDigits(name)) {
    throw loginNameInvalid('may contain only letters, digits, _ and -, must start with a letter, _ or -, must not start with op_ or shadow_ and must not be all digits');
  }

  // Absent or null ⇒ no number; "" ⇒ set to empty, which is no number either.
  const mobile = req.mobile_phone ? req.mobile_phone : null;
  if (mobile !== null && (mobile.length > 32 || !CHINA_MOBILE_RE.test(mobile))) throw mobileInvalid();
  if (req.verification_code === '') throw invalidParam('verification_code', 'must not be empty');
  let code: string | null = null;
  if (mobile !== null) {
    if (req.verification_code === undefined || req.verification_code === null) throw invalidParam('verification_code', 'is required with mobile_phone');
    if (!/^\d{6}$/.test(req.verification_code)) throw invalidParam('verification_code', 'must be 6 digits');
    code = req.verification_code;
  }

  let password: string | null = null;
  if (req.password !== undefined && req.password !== null) {
    const problem = req.password === '' ? 'must not be empty' : passwordProblem(req.password, name, mobile);
    if (problem) throw passwordInvalid(problem);
    password = req.password;
  }

  const market = req.is_close_market_ms ?? '';
  if (market !== '' && market !== 'true' && market !== 'false') throw invalidParam('is_close_market_ms', 'must be "true" or "false"');
  checkText('cooperation_type', req.cooperation_type, { max: 10 });
  return {
    name,
    mobile,
    code,
    password,
    closeMarketing: market === 'true',
    // "1" is a referral (consulting-sale) customer; anything else is resale.
    associationType: req.cooperation_type === '1' ? 1 : 2,
  };
}

/**
 * create_sub_customer: creates a customer account and associates it with the calling partner, or
 * with the caller's tier-2 reseller named by indirect_partner_id. Association is synchronous here,
 * so include_association_result changes nothing: the answer always follows a completed association.
 * A wrong verification code counts against the code even though the request fails.
 */
export interface CreateSubCustomerOptions {
  /**
   * Runs inside the registration's transaction once the customer exists (the SSO binding
   * schedules its callback there, so the callback exists exactly when the customer does).
   */
  within?: (trx: Conn, created: { id: string; name: string; partnerId: string }) => Promise<void>;
}

export async function createSubCustomer(deps: Deps, caller: Caller, req: CreateCustomerV2Req, options: CreateSubCustomerOptions = {}): Promise<CreateSubCustomerResponse> {
  const v = validate(req, () => `u${deps.ids.hex32().slice(0, 31)}`);
  const partnerId = await resolveActingPartner(deps.db.kysely, caller, req.indirect_partner_id);
  const passwordHash = v.password ? await hashPassword(v.password) : null;
  const now = deps.clock.now();

  const outcome = await deps.db.kysely.transaction().execute(async (trx): Promise<{ created: string } | { rejected: AppError }> => {
    // Concurrent registrations of one name or one partner-platform id queue behind each other,
    // so the checks below hold until commit (the unique indexes back them up).
    await serializeOn(trx, `customer-name:${v.name}`);
    await serializeOn(trx, `xaccount:${req.xaccount_type}:${req.xaccount_id}`);
    if (await findCustomerByXaccount(trx, req.xaccount_type, req.xaccount_id)) throw xaccountTaken();
    if (await findAccountByName(trx, v.name)) throw loginNameTaken();
    if (v.mobile !== null) {
      if ((await countCustomersWithMobile(trx, v.mobile)) >= MOBILE_ACCOUNT_CAP) throw tooManyAccountsOnMobile();
      const check = await checkVerificationCode(trx, now, { ownerId: caller.accountId, mobile: v.mobile, scene: SCENE_REGISTRATION, customerId: null }, v.code!);
      if (!check.ok) return { rejected: check.error };
    }
    const created = await createCustomerAccount(
      deps,
      { name: v.name, partnerId, associationType: v.associationType, xaccountId: req.xaccount_id, xaccountType: req.xaccount_type, passwordHash },
      trx,
    );
    await updateCustomerProfile(trx, created.id, { mobile_phone: v.mobile, close_market_messages: v.closeMarketing ? 1 : 0 });
    await appendEvent(trx, customerCreatedEvent({ id: created.id, name: v.name, partnerId, associationType: v.associationType, xaccountType: req.xaccount_type, xaccountId: req.xaccount_id }), now);
    await options.within?.(trx, { id: created.id, name: v.name, partnerId });
    return { created: created.id };
  });
  if ('rejected' in outcome) throw outcome.rejected;
  return { domain_id: outcome.created, domain_name: v.name };
}
