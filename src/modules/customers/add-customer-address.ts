import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import { addressView, checkAddress, MAX_ADDRESSES, type AddressInput, type AddressView } from './customer-address.ts';
import { clearDefaultAddress, findAddressRow, insertAddressRow, listAddressRows } from './customer-addresses.repo.ts';
import { tooManyAddresses } from './customers.errors.ts';
import { requireCustomer } from './list-customer-addresses.ts';

/**
 * Adds a postal address for a customer (at most 10: PBSS.2101). The first address is the default;
 * a later one becomes the default when it asks to.
 */
export async function addCustomerAddress(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, customerId: string, input: AddressInput): Promise<AddressView> {
  const fields = checkAddress(input);
  const id = deps.ids.hex32();
  const at = iso(deps.clock.now());
  return deps.db.kysely.transaction().execute(async (trx) => {
    await requireCustomer(trx, customerId);
    await serializeOn(trx, `addresses:${customerId}`);
    const existing = await listAddressRows(trx, customerId);
    if (existing.length >= MAX_ADDRESSES) throw tooManyAddresses(MAX_ADDRESSES);
    const isDefault = existing.length === 0 || input.is_default === true;
    if (isDefault) await clearDefaultAddress(trx, customerId);
    await insertAddressRow(trx, { id, customer_id: customerId, ...fields, is_default: isDefault ? 1 : 0, created_at: at, updated_at: at });
    return addressView((await findAddressRow(trx, customerId, id))!);
  });
}
