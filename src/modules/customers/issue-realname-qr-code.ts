import { createHash } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { newOpaqueToken } from '../../platform/ids.ts';
import type { ShowRealNameAuthQrCodeResponse } from '../../contract/generated/models.ts';
import { alreadyVerifiedOrInReview, notPartnersCustomer } from './customers.errors.ts';
import { findCustomerRecord } from './customers.repo.ts';
import { insertQrCode } from './realname.repo.ts';

export const QR_CODE_LIFETIME_MS = 10 * 60 * 1000;
export const QR_CODE_PATH = '/realname/v1/face-verification';
export const qrTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * show_real_name_auth_qr_code, for the calling customer: a face-verification link to show as a QR
 * code. It works once and expires 10 minutes after issue on the business clock; only its hash is
 * stored.
 */
export async function issueRealnameQrCode(deps: Deps, caller: Caller, baseUrl: string): Promise<ShowRealNameAuthQrCodeResponse> {
  const record = await findCustomerRecord(deps.db.kysely, caller.accountId);
  if (!record) throw notPartnersCustomer();
  if (record.verified_status === 0 || record.verified_status === 2) throw alreadyVerifiedOrInReview();
  const token = newOpaqueToken();
  const now = deps.clock.now();
  await insertQrCode(deps.db.kysely, {
    token_hash: qrTokenHash(token),
    customer_id: record.id,
    created_at: iso(now),
    expires_at: iso(new Date(now.getTime() + QR_CODE_LIFETIME_MS)),
    used_at: null,
  });
  return { qr_code_url: `${baseUrl}${QR_CODE_PATH}/${token}` };
}
