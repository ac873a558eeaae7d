import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { invalidOrder, notYourCustomer, useCombinedOrder } from './orders.errors.ts';
import { findCustomerPartner, findOrder, type Conn, type OrderRow } from './orders.repo.ts';

/**
 * Who may see which orders and resources: a customer its own; a partner its customers' (a tier-1
 * names one of its tier-2 resellers with indirect_partner_id to see that reseller's customers); the
 * operator every one. Anything else answers like a missing order.
 */
export async function getVisibleOrder(db: Conn, caller: Caller, orderId: string, indirectPartnerId?: string | null): Promise<OrderRow> {
  const order = await findOrder(db, orderId);
  if (!order || !(await maySee(db, caller, order.customerId, indirectPartnerId))) throw invalidOrder(orderId);
  return order;
}

/** A top-level order the caller (a customer) acts on: not a sub-order of a combined order. */
export async function getOwnTopOrder(db: Conn, caller: Caller, orderId: string): Promise<OrderRow> {
  const order = await findOrder(db, orderId);
  if (!order || order.customerId !== caller.accountId) throw invalidOrder(orderId);
  if (order.parentId !== null) throw useCombinedOrder(orderId, order.parentId);
  return order;
}

export async function maySee(db: Conn, caller: Caller, customerId: string, indirectPartnerId?: string | null): Promise<boolean> {
  if (caller.role === 'operator') return true;
  if (caller.role === 'customer') return customerId === caller.accountId;
  if (!isPartnerCaller(caller)) return false;
  const partnerId = await resolveActingPartner(db, caller, indirectPartnerId);
  const customer = await findCustomerPartner(db, customerId);
  return customer !== undefined && customer.partnerId === partnerId;
}

/** The customer a partner names (customer_id) must be its own (or its named tier-2's): CBC.99000035 otherwise. */
export async function partnersCustomer(db: Conn, caller: Caller, customerId: string, indirectPartnerId?: string | null): Promise<string> {
  const partnerId = await resolveActingPartner(db, caller, indirectPartnerId);
  const customer = await findCustomerPartner(db, customerId);
  if (!customer || customer.partnerId !== partnerId) throw notYourCustomer(customerId);
  return customerId;
}
