import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import type { Conn } from '../identity/index.ts';
import { addressView, type AddressView } from './customer-address.ts';
import { listAddressRows } from './customer-addresses.repo.ts';
import { findCustomerRecord } from './customers.repo.ts';

/** PBSS.0404 unless the id names a customer (the operator plane names customers by id). */
export async function requireCustomer(db: Conn, customerId: string): Promise<void> {
  if (customerId.length > 64 || !(await findCustomerRecord(db, customerId))) throw new AppError('PBSS.0404', `no customer ${customerId}`);
}

/** A customer's postal addresses: the default first, then oldest first. */
export async function listCustomerAddresses(deps: Pick<Deps, 'db'>, customerId: string): Promise<{ addresses: AddressView[] }> {
  await requireCustomer(deps.db.kysely, customerId);
  return { addresses: (await listAddressRows(deps.db.kysely, customerId)).map(addressView) };
}
