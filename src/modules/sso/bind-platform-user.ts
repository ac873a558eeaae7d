import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { findAccountById, verifyCredentials } from '../identity/index.ts';
import { bindCustomerXaccount, createSubCustomer } from '../customers/index.ts';
import { scheduleBindCallback } from './binding-callback.ts';
import { handleHash, issueHandle } from './sso-handles.ts';
import { findConfig, findCustomerWithPartner, findHandle, findRootUser, useHandle, type Conn, type SsoConfig, type SsoHandle } from './sso.repo.ts';
import { handleGone, notYourCustomer } from './sso.errors.ts';

export type BindInput =
  | { action: 'bind'; domainName: string; userName?: string; password: string }
  | { action: 'create'; domainName: string; password: string };

/**
 * First sign-in of a platform user without an account: the person either proves an existing
 * account of the partner (or of its tier-2 resellers) with its password and binds it, or registers
 * a new customer of the partner through the customers module's registration. Either way, in the
 * same transaction, the binding handle is used up, the partner's binding-result callback is
 * scheduled and a login handle issued, so the browser goes on to its console session.
 */
export async function bindPlatformUser(deps: Deps, handle: string | undefined, input: BindInput): Promise<{ loginHandle: string }> {
  const pending = handle ? await findHandle(deps.db.kysely, handleHash(handle)) : undefined;
  if (!handle || !pending || pending.kind !== 'bind' || pending.used_at !== null || pending.expires_at <= iso(deps.wallClock.now())) throw handleGone();
  const config = await findConfig(deps.db.kysely, pending.xaccount_type);
  if (!config) throw handleGone();
  return input.action === 'bind' ? bindExisting(deps, handle, pending, config, input) : registerNew(deps, handle, pending, config, input);
}

async function finish(deps: Deps, trx: Conn, handle: string, pending: SsoHandle, done: { customerId: string; domainName: string; userId: string; bindAction: 1 | 2 }): Promise<string> {
  const at = deps.wallClock.now();
  if (!(await useHandle(trx, handleHash(handle), 'bind', iso(at)))) throw handleGone();
  await scheduleBindCallback(trx, deps.clock.now(), {
    xUserId: pending.xaccount_id,
    xAccountId: pending.xaccount_id,
    xAccountType: pending.xaccount_type,
    domainId: done.customerId,
    domainName: done.domainName,
    bindAction: done.bindAction,
  });
  return issueHandle(trx, at, {
    kind: 'login',
    xaccount_type: pending.xaccount_type,
    xaccount_id: pending.xaccount_id,
    customer_id: done.customerId,
    user_id: done.userId,
    service: pending.service,
    attributes: {},
  });
}

async function bindExisting(deps: Deps, handle: string, pending: SsoHandle, config: SsoConfig, input: Extract<BindInput, { action: 'bind' }>) {
  const user = await verifyCredentials(deps, { userName: input.userName || input.domainName, domainName: input.domainName, password: input.password });
  const customer = user.accountKind === 'customer' ? await findCustomerWithPartner(deps.db.kysely, user.accountId) : undefined;
  // Someone else's customer answers like a wrong password.
  if (!customer || (customer.partner_id !== config.partner_id && customer.partner_parent_id !== config.partner_id)) throw notYourCustomer();
  const loginHandle = await deps.db.kysely.transaction().execute(async (trx) => {
    await bindCustomerXaccount(trx, deps.clock.now(), { customerId: customer.id, xaccountType: pending.xaccount_type, xaccountId: pending.xaccount_id });
    return finish(deps, trx, handle, pending, { customerId: customer.id, domainName: user.accountName, userId: user.userId, bindAction: 1 });
  });
  return { loginHandle };
}

async function registerNew(deps: Deps, handle: string, pending: SsoHandle, config: SsoConfig, input: Extract<BindInput, { action: 'create' }>) {
  const partner = await findAccountById(deps.db.kysely, config.partner_id);
  const root = partner ? await findRootUser(deps.db.kysely, partner.id) : undefined;
  if (!partner || partner.kind !== 'partner' || !partner.partner_type || !root) throw handleGone();
  // The partner's platform registers its own user: the registration runs with the partner's rights.
  const asPartner: Caller = {
    accountId: partner.id,
    accountName: partner.name,
    userId: root.id,
    role: partner.partner_type,
    partnerType: partner.partner_type,
    parentId: partner.parent_id,
    credential: 'token',
    delegatedBy: null,
  };
  let loginHandle = '';
  await createSubCustomer(
    deps,
    asPartner,
    { xaccount_id: pending.xaccount_id, xaccount_type: pending.xaccount_type, domain_name: input.domainName, password: input.password },
    {
      within: async (trx, created) => {
        const user = await findRootUser(trx, created.id);
        if (!user) throw handleGone();
        loginHandle = await finish(deps, trx, handle, pending, { customerId: created.id, domainName: created.name, userId: user.id, bindAction: 2 });
      },
    },
  );
  return { loginHandle };
}
