import { findCustomerRecord, getPartnerCustomer, type CustomerRecord } from '../customers/index.ts';
import type { AssociationActor } from './association-actors.ts';
import type { Conn } from './associations.repo.ts';
import { customerNotFound, notYourTurn } from './associations.errors.ts';

/**
 * The customer an actor asks about: a customer only itself; a partner only its own customers (or,
 * with indirect_partner_id, its tier-2's): another partner's customer answers CBC.99000035 exactly
 * like a missing one; the operator any customer (PBSS.0404 when there is none).
 */
export async function customerFor(db: Conn, actor: AssociationActor, customerId: string): Promise<CustomerRecord> {
  switch (actor.side) {
    case 'customer': {
      if (customerId !== actor.accountId) throw notYourTurn('a customer acts on its own association only');
      const record = await findCustomerRecord(db, customerId);
      if (!record) throw customerNotFound(customerId);
      return record;
    }
    case 'partner':
      return getPartnerCustomer(db, actor.partnerId, customerId);
    case 'operator': {
      const record = customerId.length <= 64 ? await findCustomerRecord(db, customerId) : undefined;
      if (!record) throw customerNotFound(customerId);
      return record;
    }
  }
}
