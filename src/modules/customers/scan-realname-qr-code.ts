import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { linkGone } from './customers.errors.ts';
import { qrTokenHash } from './issue-realname-qr-code.ts';
import { useQrCode } from './realname.repo.ts';

/**
 * Opening a face-verification link: the first scan within 10 minutes uses it up; any later or
 * late scan answers 410. The face check itself is outside this platform: a scan records that the
 * link was used and nothing else.
 */
export async function scanRealnameQrCode(deps: Deps, token: string): Promise<{ status: 'scanned' }> {
  if (token.length === 0 || token.length > 128 || !(await useQrCode(deps.db.kysely, qrTokenHash(token), iso(deps.clock.now())))) throw linkGone();
  return { status: 'scanned' };
}
