import type { Deps } from '../../platform/deps.ts';
import { accessConfigView, type AccessConfigView } from './access-config-view.ts';
import { spUrls } from './sp-credentials.ts';
import { findConfigByPartner } from './sso.repo.ts';
import { accessConfigMissing } from './sso.errors.ts';

/** A partner's SSO access configuration (PBSS.3003 when there is none). */
export async function getSsoAccess(deps: Deps, partnerId: string, publicUrl: string): Promise<AccessConfigView> {
  const c = await findConfigByPartner(deps.db.kysely, partnerId);
  if (!c) throw accessConfigMissing();
  return accessConfigView(c, spUrls(publicUrl));
}
