import { call, callRaw } from './client.ts';

/** The caller as GET /v3/auth/whoami describes it. */
export type Role = 'operator' | 'solution_provider' | 'distributor' | 'reseller' | 'partner_operator' | 'customer';
export type PartnerType = 'solution_provider' | 'distributor' | 'reseller';

export interface WhoAmI {
  user: { id: string; name: string };
  domain: { id: string; name: string };
  role: Role;
  partner_type: PartnerType | null;
  parent_id: string | null;
  delegated_by: string | null;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

interface TokenBody {
  token: { expires_at: string };
}

/** IAM password sign-in, domain-scoped: the token comes back in X-Subject-Token. */
export async function signIn(userName: string, domainName: string, password: string): Promise<IssuedToken> {
  const res = await callRaw<TokenBody>('POST', '/v3/auth/tokens', {
    token: null,
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: userName, password, domain: { name: domainName } } } },
        scope: { domain: { name: domainName } },
      },
    },
  });
  const token = res.headers.get('x-subject-token');
  if (!token) throw new Error('X-Subject-Token missing from the token answer');
  return { token, expiresAt: res.body.token.expires_at };
}

export const whoAmI = (token: string) => call<WhoAmI>('GET', '/v3/auth/whoami', { token });

export interface DemoCredentials {
  password: string;
  platform_identifier: string;
  actors: { key: string; role: string; account_name: string; user_name: string }[];
}

/** The sandbox's well-known demo users (404 outside sandbox mode or without demo data). */
export const demoCredentials = () => call<DemoCredentials>('GET', '/sandbox/v1/credentials', { token: null });
