import { createHash } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { newOpaqueToken } from '../../platform/ids.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { isPartnerCaller } from '../../platform/http/caller.ts';
import { findAccountById, findAccountByName, findCustomer, findUser, findUserById, insertToken } from './identity.repo.ts';

export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface IssuedToken {
  token: string;
  issuedAt: Date;
  expiresAt: Date;
  method: 'password' | 'assume_role' | 'saml';
  user: { id: string; name: string };
  domain: { id: string; name: string };
}

const wrongCredentials = () => new AppError('IAM.0101', 'The username or password is wrong.');

export interface VerifiedUser {
  userId: string;
  userName: string;
  accountId: string;
  accountName: string;
  accountKind: 'operator' | 'partner' | 'customer';
}

/**
 * Checks a user's password (user name + domain name + password) without issuing anything: for
 * tokens, and for proving ownership of an account elsewhere (SSO account binding). IAM.0101 when
 * the names or the password are wrong or the account is not active.
 */
export async function verifyCredentials(deps: Deps, input: { userName: string; domainName: string; password: string }): Promise<VerifiedUser> {
  const account = await findAccountByName(deps.db.kysely, input.domainName);
  const user = account ? await findUser(deps.db.kysely, account.id, input.userName) : undefined;
  // Verify even when the user is missing, so that timing does not reveal which names exist.
  const stored = user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const ok = await verifyPassword(input.password, stored);
  if (!account || !user || !user.password_hash || !ok || account.status !== 'active') throw wrongCredentials();
  return { userId: user.id, userName: user.name, accountId: account.id, accountName: account.name, accountKind: account.kind };
}

/** Password method: user name + domain (account) name + password → a domain-scoped token for 24 hours. */
export async function issueTokenByPassword(
  deps: Deps,
  input: { userName: string; domainName: string; password: string },
): Promise<IssuedToken> {
  const v = await verifyCredentials(deps, input);
  return storeToken(deps, { userId: v.userId, userName: v.userName, accountId: v.accountId, accountName: v.accountName, acting: null, method: 'password', lifetimeMs: TOKEN_LIFETIME_MS });
}

/**
 * A console session for a user whom single sign-on from a partner platform authenticated (the
 * SSO module has checked the assertion and the binding). 24 hours, like a password token.
 */
export async function issueTokenForSso(deps: Deps, input: { userId: string; accountId: string }): Promise<IssuedToken> {
  const account = await findAccountById(deps.db.kysely, input.accountId);
  const user = await findUserById(deps.db.kysely, input.userId);
  if (!account || !user || user.account_id !== account.id || account.status !== 'active') throw wrongCredentials();
  return storeToken(deps, { userId: user.id, userName: user.name, accountId: account.id, accountName: account.name, acting: null, method: 'saml', lifetimeMs: TOKEN_LIFETIME_MS });
}

/**
 * Assume-role ("token exchange"): a partner, authenticated by its own token or key, obtains a token
 * of one of its customers. The agency is the partner platform identifier (xaccount_type) under which
 * the customer was associated; the customer must belong to the partner or to one of its tier-2 resellers.
 */
export async function issueTokenByAssumeRole(
  deps: Deps,
  caller: Caller,
  input: { domainName?: string; domainId?: string; agencyName: string; durationSeconds?: number },
): Promise<IssuedToken> {
  if (!isPartnerCaller(caller)) throw new AppError('IAM.0102', 'only partners may assume a customer role');
  const duration = input.durationSeconds ?? 86400;
  if (!Number.isInteger(duration) || duration < 900 || duration > 86400) {
    throw new AppError('CBC.0100', 'invalid parameter: duration_seconds must be 900..86400');
  }
  const account = input.domainId
    ? await findAccountById(deps.db.kysely, input.domainId)
    : input.domainName
      ? await findAccountByName(deps.db.kysely, input.domainName)
      : undefined;
  const customer = account?.kind === 'customer' ? await findCustomer(deps.db.kysely, account.id) : undefined;
  let owned = false;
  if (customer) {
    if (customer.partner_id === caller.accountId) owned = true;
    else {
      const reseller = await findAccountById(deps.db.kysely, customer.partner_id);
      owned = reseller?.parent_id === caller.accountId;
    }
  }
  // A foreign customer answers exactly like a missing one.
  if (!account || !customer || !owned || customer.xaccount_type !== input.agencyName) {
    throw new AppError('IAM.0102', 'no agency with this name from the customer to the caller');
  }
  return storeToken(deps, {
    userId: caller.userId,
    userName: caller.accountName,
    accountId: account.id,
    accountName: account.name,
    acting: caller.accountId,
    method: 'assume_role',
    lifetimeMs: duration * 1000,
  });
}

async function storeToken(
  deps: Deps,
  t: { userId: string; userName: string; accountId: string; accountName: string; acting: string | null; method: IssuedToken['method']; lifetimeMs: number },
): Promise<IssuedToken> {
  const token = newOpaqueToken();
  const issuedAt = deps.wallClock.now();
  const expiresAt = new Date(issuedAt.getTime() + t.lifetimeMs);
  await insertToken(deps.db.kysely, {
    token_hash: tokenHash(token),
    user_id: t.userId,
    // For assume-role tokens the token's account is the customer; acting_account_id keeps the partner.
    account_id: t.accountId,
    acting_account_id: t.acting,
    method: t.method,
    issued_at: iso(issuedAt),
    expires_at: iso(expiresAt),
  });
  return { token, issuedAt, expiresAt, method: t.method, user: { id: t.userId, name: t.userName }, domain: { id: t.accountId, name: t.accountName } };
}
