import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { sendCustomerConfirmationCode } from '../customers/index.ts';
import type { AssociationActor } from './association-actors.ts';
import { CONFIRMATION_CODE_MINUTES } from './association-rules.ts';
import { noCodeToSend } from './associations.errors.ts';
import { requestForAction } from './request-access.ts';

/**
 * The customer asks for a new confirmation code for a pending request that needs one (the old code
 * expired, or three wrong tries locked it). The per-number limits of all codes apply (CBC.99004015).
 */
export async function resendConfirmationCode(deps: Deps, actor: AssociationActor, requestId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const request = await requestForAction(trx, actor, requestId, 'decide', iso(now));
    if (actor.side !== 'customer' || !request.confirm_mobile) throw noCodeToSend();
    await sendCustomerConfirmationCode(trx, deps, now, {
      customerId: request.customer_id,
      mobile: request.confirm_mobile,
      minutes: CONFIRMATION_CODE_MINUTES,
      text: (code) => `【partner-bss】您的关联关系变更确认验证码是${code}，${CONFIRMATION_CODE_MINUTES}分钟内有效，请勿泄露。`,
      payload: { association_request_id: request.id },
    });
  });
}
