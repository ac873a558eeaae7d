import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { DIRECT_ACCOUNT_ID } from '../customers/index.ts';
import { findAccountById } from '../identity/index.ts';
import type { AssociationActor } from './association-actors.ts';
import { customerFor } from './association-customer.ts';
import { findOpenRequest, listHistory } from './associations.repo.ts';
import { effectiveStatus, requestView } from './request-view.ts';

/**
 * A customer's association: the current one (null once unbound), the open request if any, and the
 * associations that ended, newest first.
 */
export async function showCustomerAssociation(deps: Pick<Deps, 'db' | 'clock'>, actor: AssociationActor, customerId: string) {
  const db = deps.db.kysely;
  const now = iso(deps.clock.now());
  const customer = await customerFor(db, actor, customerId);
  const [partner, open, history] = await Promise.all([
    customer.partner_id === DIRECT_ACCOUNT_ID ? undefined : findAccountById(db, customer.partner_id),
    findOpenRequest(db, customer.id),
    listHistory(db, customer.id),
  ]);
  return {
    customer_id: customer.id,
    current: partner
      ? { partner_id: partner.id, partner_name: partner.display_name, association_type: customer.association_type, associated_on: huaweiUtc(customer.associated_at) }
      : null,
    open_request: open && effectiveStatus(open, now) === 'pending' ? requestView(open, now) : null,
    history: history.map((h) => ({
      partner_id: h.partner_id,
      association_type: h.association_type,
      started_at: huaweiUtc(h.started_at),
      ended_at: huaweiUtc(h.ended_at),
      end_reason: h.end_reason,
      request_id: h.request_id,
    })),
  };
}
