import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import { randomDigits } from '../../platform/random.ts';
import type { Conn } from '../identity/index.ts';
import { codeTooFrequent } from './customers.errors.ts';
import { hashCode } from './verification-code-hash.ts';
import { countCodesSentSince, insertCode, supersedeActiveCodes, type CodeScope } from './verification-codes.repo.ts';

export const CODES_PER_HOUR = 15;
export const CODES_PER_DAY = 60;
const HOUR_MS = 3_600_000;

export interface CodeToIssue {
  scope: CodeScope;
  minutes: number;
  /** The text the recipient reads, given the code. */
  text: (code: string) => string;
  /** Extra details for whoever reads the outbox. */
  payload?: Record<string, unknown>;
}

/**
 * Generates a 6-digit code in the caller's transaction: stores its hash with an expiry on the
 * business clock, supersedes older codes of the same scope, and hands the text to the message
 * sender. At most 15 codes an hour and 60 a day (rolling windows) go to one number, whatever they
 * are for (CBC.99004015). Sends are serialised per number.
 */
export async function issueVerificationCode(trx: Conn, deps: Pick<Deps, 'random' | 'ids' | 'messageSender'>, now: Date, c: CodeToIssue): Promise<void> {
  const mobile = c.scope.mobile;
  await serializeOn(trx, `verification-code:${mobile}`);
  const [lastHour, lastDay] = await Promise.all([
    countCodesSentSince(trx, mobile, iso(new Date(now.getTime() - HOUR_MS))),
    countCodesSentSince(trx, mobile, iso(new Date(now.getTime() - 24 * HOUR_MS))),
  ]);
  if (lastHour >= CODES_PER_HOUR || lastDay >= CODES_PER_DAY) throw codeTooFrequent();
  const code = randomDigits(deps.random, 6);
  const id = deps.ids.hex32();
  const expiresAt = iso(new Date(now.getTime() + c.minutes * 60_000));
  await supersedeActiveCodes(trx, c.scope);
  await insertCode(trx, {
    id,
    owner_id: c.scope.ownerId,
    mobile_phone: mobile,
    scene: c.scope.scene,
    customer_id: c.scope.customerId,
    code_hash: hashCode(id, code),
    status: 'active',
    failed_attempts: 0,
    created_at: iso(now),
    expires_at: expiresAt,
    used_at: null,
  });
  await deps.messageSender.send(
    trx,
    { kind: 'verification_code', channel: 'sms', recipient: mobile, body: c.text(code), payload: { code, scene: c.scope.scene, expires_at: expiresAt, ...c.payload } },
    now,
  );
}
