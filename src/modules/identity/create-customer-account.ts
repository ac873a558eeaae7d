import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { findAccountById, findAccountByName, insertAccount, insertCustomer, insertUser, type Conn } from './identity.repo.ts';
import { invalidInput, nameTaken, partnerNotFound } from './identity.errors.ts';
import { ACCOUNT_NAME_RE } from './account-name.ts';

export interface CreateCustomerAccountInput {
  name: string;
  displayName?: string;
  partnerId: string;
  /** 1 referral (顾问销售), 2 resale (代售). */
  associationType: 1 | 2;
  xaccountId?: string | null;
  xaccountType?: string | null;
  /** The root user's password hash (platform/passwords.ts); without one the customer signs in only through the partner. */
  passwordHash?: string | null;
  isDemo?: boolean;
  id?: string;
}

/**
 * Creates a customer account associated with a partner. This is the storage-level building block;
 * the partner API's create_sub_customer adds the documented field rules and verification codes on
 * top. Pass `within` (a transaction) to create the account as part of the caller's transaction.
 */
export async function createCustomerAccount(
  deps: Deps,
  input: CreateCustomerAccountInput,
  within?: Conn,
): Promise<{ id: string; name: string }> {
  if (!ACCOUNT_NAME_RE.test(input.name)) throw invalidInput('customer name does not match the account-name rule');
  const now = iso(deps.clock.now());
  const id = input.id ?? deps.ids.hex32();
  const passwordHash = input.passwordHash ?? null;
  const create = async (trx: Conn) => {
    const partner = await findAccountById(trx, input.partnerId);
    if (!partner || partner.kind !== 'partner') throw partnerNotFound(input.partnerId);
    if (await findAccountByName(trx, input.name)) throw nameTaken(input.name);
    await insertAccount(trx, {
      id,
      name: input.name,
      kind: 'customer',
      partner_type: null,
      parent_id: null,
      display_name: input.displayName ?? input.name,
      status: 'active',
      is_demo: input.isDemo ? 1 : 0,
      created_at: now,
    });
    await insertCustomer(trx, {
      id,
      partner_id: input.partnerId,
      association_type: input.associationType,
      associated_at: now,
      xaccount_id: input.xaccountId ?? null,
      xaccount_type: input.xaccountType ?? null,
    });
    await insertUser(trx, { id: deps.ids.hex32(), account_id: id, name: input.name, password_hash: passwordHash, role: 'root', created_at: now });
    return { id, name: input.name };
  };
  return within && within.isTransaction ? create(within) : deps.db.kysely.transaction().execute(create);
}
