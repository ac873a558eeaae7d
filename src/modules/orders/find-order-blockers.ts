import type { Conn } from './orders.repo.ts';

/**
 * For association changes (the associations module's port): a customer's orders awaiting payment at
 * `at` block unbinding or a switch. Reserved instances do not exist here.
 */
export async function findOrderBlockers(db: Conn, customerId: string, at: string): Promise<Array<{ kind: 'pending_orders'; detail: string; ids: string[] }>> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('parent_id', 'is', null)
    .where('status', '=', 6)
    .where((eb) => eb.or([eb('pending_payment_end_time', 'is', null), eb('pending_payment_end_time', '>', at)]))
    .orderBy('created_at')
    .execute();
  if (rows.length === 0) return [];
  return [{ kind: 'pending_orders', detail: `${rows.length} order(s) await payment: pay or cancel them first`, ids: rows.map((r) => r.id) }];
}
