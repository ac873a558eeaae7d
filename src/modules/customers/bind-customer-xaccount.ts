import { AppError } from '../../platform/errors.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { serializeOn } from '../../platform/db/dialect.ts';
import type { Conn } from '../identity/index.ts';
import { customerBoundEvent } from './customer-events.ts';
import { findCustomerByXaccount, findCustomerRecord } from './customers.repo.ts';

export const alreadyBound = (why: string) => new AppError('PBSS.3004', `cannot bind: ${why}`);

/**
 * Binds an existing customer to a user of its partner's platform (xaccount_type, xaccount_id),
 * inside the caller's transaction: the SSO binding proves both sides first. A customer carries at
 * most one such binding and a platform user names at most one customer; binding the same pair again
 * changes nothing. Returns whether this call bound it.
 */
export async function bindCustomerXaccount(trx: Conn, now: Date, b: { customerId: string; xaccountType: string; xaccountId: string }): Promise<boolean> {
  await serializeOn(trx, `xaccount:${b.xaccountType}:${b.xaccountId}`);
  const holder = await findCustomerByXaccount(trx, b.xaccountType, b.xaccountId);
  if (holder && holder.id === b.customerId) return false;
  if (holder) throw alreadyBound('this platform user is bound to another account');
  const customer = await findCustomerRecord(trx, b.customerId);
  if (!customer) throw alreadyBound('no such customer');
  if (customer.xaccount_id !== null || customer.xaccount_type !== null) throw alreadyBound('the account is bound to another platform user');
  const res = await trx
    .updateTable('customers')
    .set({ xaccount_type: b.xaccountType, xaccount_id: b.xaccountId })
    .where('id', '=', b.customerId)
    .where('xaccount_id', 'is', null)
    .where('xaccount_type', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw alreadyBound('the account is bound to another platform user');
  await appendEvent(trx, customerBoundEvent({ id: b.customerId, partnerId: customer.partner_id, xaccountType: b.xaccountType, xaccountId: b.xaccountId, via: 'sso' }), now);
  return true;
}
