import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { setAccountStatus } from '../identity/index.ts';
import { findCustomerRecord, type CustomerRecord } from './customers.repo.ts';

/**
 * The operator freezes a customer account (list_sub_customers then reports is_frozen 1, and the
 * customer's keys and tokens stop working, including tokens its partner obtained for it) or
 * unfreezes it. Resources are not touched: is_frozen 2 (account and resources) stays reserved.
 */
export async function setCustomerFrozen(deps: Deps, customerId: string, frozen: boolean): Promise<CustomerRecord> {
  return deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await findCustomerRecord(trx, customerId))) throw new AppError('PBSS.0404', `no customer ${customerId}`);
    await setAccountStatus(deps, customerId, frozen ? 'frozen' : 'active', trx);
    return (await findCustomerRecord(trx, customerId))!;
  });
}
