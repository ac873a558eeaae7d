import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import { deleteAddressRow, findAddressRow, listAddressRows, updateAddressRow } from './customer-addresses.repo.ts';
import { addressNotFound } from './customers.errors.ts';
import { requireCustomer } from './list-customer-addresses.ts';

/** Removes one of a customer's postal addresses; when it was the default, the oldest remaining one takes over. */
export async function removeCustomerAddress(deps: Pick<Deps, 'db' | 'clock'>, customerId: string, addressId: string): Promise<void> {
  const at = iso(deps.clock.now());
  await deps.db.kysely.transaction().execute(async (trx) => {
    await requireCustomer(trx, customerId);
    await serializeOn(trx, `addresses:${customerId}`);
    const current = await findAddressRow(trx, customerId, addressId);
    if (!current) throw addressNotFound(addressId);
    await deleteAddressRow(trx, addressId);
    if (current.is_default === 1) {
      const [next] = await listAddressRows(trx, customerId);
      if (next) await updateAddressRow(trx, next.id, { is_default: 1, updated_at: at });
    }
  });
}
