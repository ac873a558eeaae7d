import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { outboundUrlProblem } from '../../platform/http/outbound-url.ts';
import { MetadataError, parseIdpMetadata, type IdpMetadata } from './idp-metadata.ts';
import { accessConfigView, type AccessConfigView } from './access-config-view.ts';
import { spUrls } from './sp-credentials.ts';
import { findConfig, findConfigByPartner, insertConfig, updateConfig } from './sso.repo.ts';
import { accessConfigMissing, invalidParam, metadataRefused, platformIdFixed, platformIdTaken } from './sso.errors.ts';

export interface AccessConfigInput {
  /** The IdP metadata XML (SAML 2.0 EntityDescriptor, UTF-8, at most 2 MB). Required the first time. */
  idp_metadata?: string;
  /** Only when first configured; generated when absent. */
  xaccount_type?: string;
  bind_callback_url?: string | null;
  payment_return_url?: string | null;
}

export interface AccessActor {
  partnerId: string;
  /** The account that made the change (the partner, or the operator). */
  by: string;
}

const PLATFORM_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

function checkUrl(deps: Deps, field: string, value: string | null | undefined): void {
  if (value === undefined || value === null) return;
  const problem = outboundUrlProblem(value, deps.mode);
  if (problem) throw invalidParam(field, problem);
}

function readMetadata(deps: Deps, xml: string): IdpMetadata {
  let md: IdpMetadata;
  try {
    md = parseIdpMetadata(xml);
  } catch (err) {
    if (err instanceof MetadataError) throw metadataRefused(err.message);
    throw err;
  }
  const problem = outboundUrlProblem(md.ssoUrl, deps.mode);
  if (problem) throw metadataRefused(`SingleSignOnService Location ${problem}`);
  return md;
}

/**
 * Creates or changes a partner's SSO access configuration. The first upload of IdP metadata yields
 * the partner's platform identifier (xaccount_type): the partner may name it (to match the
 * xaccount_type its customers were registered with) or have one generated; it never changes
 * afterwards, since bindings use it. Metadata is parsed without DTDs or entities and must name a
 * signing certificate and an HTTP-Redirect sign-on endpoint.
 */
export async function configureSsoAccess(deps: Deps, actor: AccessActor, input: AccessConfigInput, publicUrl: string): Promise<AccessConfigView> {
  const md = input.idp_metadata !== undefined ? readMetadata(deps, input.idp_metadata) : undefined;
  checkUrl(deps, 'bind_callback_url', input.bind_callback_url);
  checkUrl(deps, 'payment_return_url', input.payment_return_url);
  if (input.xaccount_type !== undefined && !PLATFORM_ID_RE.test(input.xaccount_type)) throw invalidParam('xaccount_type', 'must be 1-64 letters, digits, _ or -');
  const now = iso(deps.clock.now());

  const xaccountType = await deps.db.kysely.transaction().execute(async (trx) => {
    const existing = await findConfigByPartner(trx, actor.partnerId);
    if (existing) {
      if (input.xaccount_type !== undefined && input.xaccount_type !== existing.xaccount_type) throw platformIdFixed();
      await updateConfig(trx, existing.xaccount_type, {
        ...(md ? { idp_entity_id: md.entityId, idp_sso_url: md.ssoUrl, idp_certificates: JSON.stringify(md.certificates), metadata_xml: input.idp_metadata!, metadata_sha256: md.sha256 } : {}),
        ...(input.bind_callback_url !== undefined ? { bind_callback_url: input.bind_callback_url } : {}),
        ...(input.payment_return_url !== undefined ? { payment_return_url: input.payment_return_url } : {}),
        updated_at: now,
        updated_by: actor.by,
      });
      return existing.xaccount_type;
    }
    if (!md) throw accessConfigMissing();
    const id = input.xaccount_type ?? deps.ids.hex32();
    if (await findConfig(trx, id)) throw platformIdTaken(id);
    await insertConfig(trx, {
      xaccount_type: id,
      partner_id: actor.partnerId,
      idp_entity_id: md.entityId,
      idp_sso_url: md.ssoUrl,
      idp_certificates: JSON.stringify(md.certificates),
      metadata_xml: input.idp_metadata!,
      metadata_sha256: md.sha256,
      bind_callback_url: input.bind_callback_url ?? null,
      payment_return_url: input.payment_return_url ?? null,
      created_at: now,
      updated_at: now,
      updated_by: actor.by,
    });
    return id;
  });
  const saved = await findConfig(deps.db.kysely, xaccountType);
  return accessConfigView(saved!, spUrls(publicUrl));
}
