import { findAccountById } from '../identity/index.ts';
import { noIndirectPartnerPermission } from '../partners/index.ts';
import { findCustomerParty, type Conn } from './funds.repo.ts';
import { notASubCustomer, partnerNotFound, referralCustomer } from './funds.errors.ts';

/** An account taking part in a movement: its id, and its name for the records. */
export interface Party {
  id: string;
  name: string;
}

/**
 * A tier-2 reseller of the calling tier-1 distributor; anything else (foreign, missing) is
 * CBC.99000037, as partners' resolveActingPartner answers for indirect_partner_id everywhere.
 */
export async function getOwnIndirectPartner(db: Conn, distributorId: string, indirectPartnerId: string): Promise<Party> {
  const account = await findAccountById(db, indirectPartnerId);
  if (!account || account.kind !== 'partner' || account.partner_type !== 'reseller' || account.parent_id !== distributorId) {
    throw noIndirectPartnerPermission();
  }
  return { id: account.id, name: account.name };
}

/**
 * A customer the partner may fund or reclaim from: its own, and resale (代售). A foreign or missing
 * customer answers CBC.99000035, the same either way; a referral customer CBC.5021.
 */
export async function getFundableCustomer(db: Conn, partnerId: string, customerId: string): Promise<Party> {
  const customer = await findCustomerParty(db, customerId);
  if (!customer || customer.partner_id !== partnerId) throw notASubCustomer(customerId);
  if (customer.association_type !== 2) throw referralCustomer(customerId);
  return { id: customer.id, name: customer.name };
}

/** Any partner account (operator plane); PBSS.0404 when there is none. */
export async function getPartner(db: Conn, partnerId: string): Promise<Party> {
  const account = await findAccountById(db, partnerId);
  if (!account || account.kind !== 'partner') throw partnerNotFound(partnerId);
  return { id: account.id, name: account.name };
}
