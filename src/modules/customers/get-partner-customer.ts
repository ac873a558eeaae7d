import type { Conn } from '../identity/index.ts';
import { notPartnersCustomer } from './customers.errors.ts';
import { findCustomerRecord, type CustomerRecord } from './customers.repo.ts';

/**
 * A customer of the given partner, or CBC.99000035. A customer of another partner answers exactly
 * like one that does not exist, so that ids cannot be probed across tenants.
 */
export async function getPartnerCustomer(db: Conn, partnerId: string, customerId: string): Promise<CustomerRecord> {
  const record = customerId.length <= 64 ? await findCustomerRecord(db, customerId) : undefined;
  if (!record || record.partner_id !== partnerId) throw notPartnersCustomer();
  return record;
}
