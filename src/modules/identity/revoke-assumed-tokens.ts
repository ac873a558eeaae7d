import type { Conn } from './identity.repo.ts';

/**
 * Ends every token a partner obtained by assume-role for this customer, in the caller's
 * transaction: when the customer is unbound, its former partner must stop acting as it at once,
 * not when the token would have expired. Returns how many there were.
 */
export async function revokeAssumedTokens(db: Conn, customerId: string): Promise<number> {
  const res = await db.deleteFrom('tokens').where('account_id', '=', customerId).where('method', '=', 'assume_role').executeTakeFirst();
  return Number(res.numDeletedRows);
}
