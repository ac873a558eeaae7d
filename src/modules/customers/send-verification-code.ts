import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { SendVerificationCodeV2Req } from '../../contract/generated/models.ts';
import { invalidParam } from './customers.errors.ts';
import { CHINA_MOBILE_RE, checkOneOf, checkText } from './field-rules.ts';
import { getPartnerCustomer } from './get-partner-customer.ts';
import { issueVerificationCode } from './issue-verification-code.ts';

export const SCENE_REGISTRATION = 29;
export const SCENE_BANK_CARD = 18;
export { CODES_PER_HOUR, CODES_PER_DAY } from './issue-verification-code.ts';

/** Minutes a code lives: 10 by default; more than 60 asked for means 5 (as documented). */
export function codeLifetimeMinutes(timeout: number | null | undefined): number {
  if (timeout === undefined || timeout === null) return 10;
  if (!Number.isInteger(timeout) || timeout < 1) throw invalidParam('timeout', 'must be a positive number of minutes');
  return timeout > 60 ? 5 : timeout;
}

function messageText(lang: string, code: string, minutes: number, scene: number): string {
  const purpose = scene === SCENE_BANK_CARD ? { zh: '实名认证', en: 'real-name verification' } : { zh: '注册', en: 'registration' };
  return lang === 'en-us'
    ? `[partner-bss] Your ${purpose.en} code is ${code}. It expires in ${minutes} minutes. Do not share it.`
    : `【partner-bss】您的${purpose.zh}验证码是${code}，${minutes}分钟内有效，请勿泄露。`;
}

/**
 * send_verification_message_code: generates a 6-digit code for a China mobile number, stores its
 * hash with an expiry on the business clock, and hands the text to the message sender in the same
 * transaction. A newer code replaces older ones of the same partner, number and scene. At most 15
 * codes an hour and 60 a day (rolling windows) go to one number, whoever asks (CBC.99004015).
 */
export async function sendVerificationCode(deps: Deps, caller: Caller, req: SendVerificationCodeV2Req): Promise<void> {
  checkOneOf('receiver_type', req.receiver_type, [1]);
  checkText('mobile_phone', req.mobile_phone, { required: true, max: 32 });
  if (!CHINA_MOBILE_RE.test(req.mobile_phone)) throw invalidParam('mobile_phone', 'must be a mainland China mobile number (11 digits, starting with 1)');
  const minutes = codeLifetimeMinutes(req.timeout);
  const lang = (req.lang ?? 'zh-cn').toLowerCase();
  checkOneOf('lang', lang, ['zh-cn', 'en-us']);
  const scene = req.scene ?? SCENE_REGISTRATION;
  checkOneOf('scene', scene, [SCENE_REGISTRATION, SCENE_BANK_CARD]);
  let customerId: string | null = null;
  if (scene === SCENE_BANK_CARD) {
    checkText('customer_id', req.customer_id, { required: true, max: 64 });
    customerId = (await getPartnerCustomer(deps.db.kysely, caller.accountId, req.customer_id!)).id;
  }

  const now = deps.clock.now();
  const scope = { ownerId: caller.accountId, mobile: req.mobile_phone, scene, customerId };
  await deps.db.kysely.transaction().execute((trx) =>
    issueVerificationCode(trx, deps, now, {
      scope,
      minutes,
      text: (code) => messageText(lang, code, minutes, scene),
      payload: { requested_by: caller.accountId, ...(customerId ? { customer_id: customerId } : {}) },
    }),
  );
}
