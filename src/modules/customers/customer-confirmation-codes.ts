import type { Deps } from '../../platform/deps.ts';
import type { Conn } from '../identity/index.ts';
import { checkVerificationCode, type CodeCheck } from './check-verification-code.ts';
import { issueVerificationCode } from './issue-verification-code.ts';
import type { CodeScope } from './verification-codes.repo.ts';

/**
 * A platform scene (Huawei's are 29 registration and 18 bank card; send_verification_message_code
 * accepts only those): a code the customer types to confirm a change to its own account, such as
 * its partner asking to unbind it. The code belongs to the customer, not to a partner.
 */
export const SCENE_CUSTOMER_CONFIRMATION = 900;

const scopeOf = (customerId: string, mobile: string): CodeScope => ({ ownerId: customerId, mobile, scene: SCENE_CUSTOMER_CONFIRMATION, customerId });

/**
 * Sends a confirmation code to the customer's number in the caller's transaction (the per-number
 * limits of all codes apply: CBC.99004015). A newer code replaces the older one.
 */
export async function sendCustomerConfirmationCode(
  trx: Conn,
  deps: Pick<Deps, 'random' | 'ids' | 'messageSender'>,
  now: Date,
  c: { customerId: string; mobile: string; minutes: number; text: (code: string) => string; payload?: Record<string, unknown> },
): Promise<void> {
  await issueVerificationCode(trx, deps, now, { scope: scopeOf(c.customerId, c.mobile), minutes: c.minutes, text: c.text, payload: { customer_id: c.customerId, ...c.payload } });
}

/**
 * Checks (and uses up) the customer's current confirmation code. A failure is returned, not thrown:
 * commit the failed-attempt count, then answer with the error (CBC.99004010 wrong or none,
 * CBC.99004008 expired, CBC.99004009 after three wrong tries).
 */
export const checkCustomerConfirmationCode = (trx: Conn, now: Date, c: { customerId: string; mobile: string }, code: string): Promise<CodeCheck> =>
  checkVerificationCode(trx, now, scopeOf(c.customerId, c.mobile), code);
