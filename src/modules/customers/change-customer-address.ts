import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import { addressView, checkAddress, type AddressInput, type AddressView } from './customer-address.ts';
import { clearDefaultAddress, findAddressRow, updateAddressRow } from './customer-addresses.repo.ts';
import { addressNotFound } from './customers.errors.ts';
import { requireCustomer } from './list-customer-addresses.ts';

/**
 * Replaces one of a customer's postal addresses (PBSS.0404 when it is not the customer's).
 * `is_default: true` makes it the default; the default stops being one only when another takes over.
 */
export async function changeCustomerAddress(
  deps: Pick<Deps, 'db' | 'clock'>,
  customerId: string,
  addressId: string,
  input: AddressInput,
): Promise<AddressView> {
  const fields = checkAddress(input);
  const at = iso(deps.clock.now());
  return deps.db.kysely.transaction().execute(async (trx) => {
    await requireCustomer(trx, customerId);
    await serializeOn(trx, `addresses:${customerId}`);
    const current = await findAddressRow(trx, customerId, addressId);
    if (!current) throw addressNotFound(addressId);
    const makeDefault = input.is_default === true && current.is_default !== 1;
    if (makeDefault) await clearDefaultAddress(trx, customerId);
    await updateAddressRow(trx, addressId, { ...fields, ...(makeDefault ? { is_default: 1 } : {}), updated_at: at });
    return addressView((await findAddressRow(trx, customerId, addressId))!);
  });
}
