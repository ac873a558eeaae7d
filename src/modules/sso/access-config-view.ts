import { X509Certificate, createHash } from 'node:crypto';
import type { SsoConfig } from './sso.repo.ts';
import type { SpUrls } from './sp-credentials.ts';

export interface AccessConfigView {
  xaccount_type: string;
  partner_id: string;
  idp_entity_id: string;
  idp_sso_url: string;
  idp_certificates: { subject: string; not_after: string; sha256_fingerprint: string }[];
  metadata_sha256: string;
  bind_callback_url: string | null;
  payment_return_url: string | null;
  sp_metadata_url: string;
  login_url: string;
  created_at: string;
  updated_at: string;
}

export function accessConfigView(c: SsoConfig, urls: SpUrls): AccessConfigView {
  const certs = (JSON.parse(c.idp_certificates) as string[]).map((b64) => {
    const der = Buffer.from(b64, 'base64');
    const x = new X509Certificate(der);
    return { subject: x.subject, not_after: new Date(x.validTo).toISOString(), sha256_fingerprint: createHash('sha256').update(der).digest('hex') };
  });
  return {
    xaccount_type: c.xaccount_type,
    partner_id: c.partner_id,
    idp_entity_id: c.idp_entity_id,
    idp_sso_url: c.idp_sso_url,
    idp_certificates: certs,
    metadata_sha256: c.metadata_sha256,
    bind_callback_url: c.bind_callback_url,
    payment_return_url: c.payment_return_url,
    sp_metadata_url: urls.metadata,
    login_url: `${urls.login}?xAccountType=${encodeURIComponent(c.xaccount_type)}&isFirstLogin=false&service=`,
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}
