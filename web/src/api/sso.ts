import { call } from './client.ts';

/** SSO access configuration (an extension beside the partner API: PUT/GET/DELETE /partner/v1/sso/access-config). */

export interface SsoCertificate {
  subject: string;
  not_after: string;
  sha256_fingerprint: string;
}

export interface SsoAccessConfig {
  xaccount_type: string;
  partner_id: string;
  idp_entity_id: string;
  idp_sso_url: string;
  idp_certificates: SsoCertificate[];
  metadata_sha256: string;
  bind_callback_url: string | null;
  payment_return_url: string | null;
  sp_metadata_url: string;
  /** Ends with `service=`: the encoded target is appended. */
  login_url: string;
  created_at: string;
  updated_at: string;
}

export interface SsoAccessConfigInput {
  idp_metadata?: string;
  xaccount_type?: string;
  bind_callback_url?: string | null;
  payment_return_url?: string | null;
}

/** The IdP metadata limit the server enforces (2 MB, UTF-8). */
export const MAX_METADATA_BYTES = 2 * 1024 * 1024;

/** The code the server answers when the partner has no configuration yet. */
export const NO_SSO_CONFIG = 'PBSS.3003';

export const getSsoAccess = () => call<SsoAccessConfig>('GET', '/partner/v1/sso/access-config');

export const putSsoAccess = (input: SsoAccessConfigInput) => call<SsoAccessConfig>('PUT', '/partner/v1/sso/access-config', { body: input });

export const deleteSsoAccess = () => call<void>('DELETE', '/partner/v1/sso/access-config');
