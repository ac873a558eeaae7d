import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { findCustomerRecord, updateCustomerProfile, type CustomerProfile, type CustomerRecord } from './customers.repo.ts';
import { EMAIL_RE } from './field-rules.ts';

export interface CustomerRecordChange {
  label?: string | null;
  customer_level?: string | null;
  account_manager?: string | null;
  email?: string | null;
}

const bad = (msg: string) => new AppError('PBSS.0400', msg);

/**
 * The operator maintains what list_sub_customers reports beside registration data: the label, the
 * customer level (V0-V5), the account manager (one login name) and the e-mail address. A field set
 * to null is cleared; a field left out is kept.
 */
export async function updateCustomerRecord(deps: Deps, customerId: string, change: CustomerRecordChange): Promise<CustomerRecord> {
  const set: CustomerProfile = {};
  if (change.label !== undefined) {
    if (change.label !== null && (change.label.length > 256 || /\s/.test(change.label))) throw bad('label must be at most 256 characters without spaces');
    set.label = change.label || null;
  }
  if (change.customer_level !== undefined) {
    if (change.customer_level !== null && !/^V[0-5]$/.test(change.customer_level)) throw bad('customer_level must be V0..V5');
    set.customer_level = change.customer_level;
  }
  if (change.account_manager !== undefined) {
    if (change.account_manager !== null && !/^[a-zA-Z0-9_.@-]{1,64}$/.test(change.account_manager)) throw bad('account_manager must be a login name of 1-64 characters');
    set.account_manager = change.account_manager;
  }
  if (change.email !== undefined) {
    if (change.email !== null && (change.email.length > 256 || !EMAIL_RE.test(change.email))) throw bad('email must be an e-mail address of at most 256 characters');
    set.email = change.email;
  }
  return deps.db.kysely.transaction().execute(async (trx) => {
    if (!(await findCustomerRecord(trx, customerId))) throw new AppError('PBSS.0404', `no customer ${customerId}`);
    if (Object.keys(set).length > 0) await updateCustomerProfile(trx, customerId, set);
    return (await findCustomerRecord(trx, customerId))!;
  });
}
