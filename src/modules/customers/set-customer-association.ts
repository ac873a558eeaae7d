import type { Conn } from '../identity/index.ts';

/**
 * The account unbound customers belong to (created by migration 0008-associations): the platform
 * itself, as Huawei is for its direct customers. It is no partner, so no partner query reaches a
 * customer whose partner_id names it; it is frozen and has no users, so it never signs in.
 */
export const DIRECT_ACCOUNT_ID = 'platform-direct';

export interface CustomerAssociation {
  partnerId: string;
  /** 1 referral, 2 resale (kept as it was for an unbound customer: the column allows no other). */
  associationType: number;
  associatedAt: string;
}

/**
 * Writes a customer's current association in the caller's transaction (the associations module's
 * unbinding and switching; the ended association goes to its history first). Conditional on the
 * association it replaces, so two changes cannot both apply: returns whether this one did.
 */
export async function setCustomerAssociation(trx: Conn, customerId: string, from: Pick<CustomerAssociation, 'partnerId' | 'associationType'>, to: CustomerAssociation): Promise<boolean> {
  const res = await trx
    .updateTable('customers')
    .set({ partner_id: to.partnerId, association_type: to.associationType, associated_at: to.associatedAt })
    .where('id', '=', customerId)
    .where('partner_id', '=', from.partnerId)
    .where('association_type', '=', from.associationType)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
