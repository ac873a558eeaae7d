import { iso } from '../../platform/deps.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { realnameReviewedEvent } from './customer-events.ts';
import type { Conn } from '../identity/index.ts';
import { findCustomerRecord, updateCustomerProfile } from './customers.repo.ts';
import { decideApplication, type RealnameApplication } from './realname.repo.ts';

export interface RealnameDecision {
  approve: boolean;
  /** Required when rejecting: shown to the partner as the review opinion. */
  opinion: string | null;
  decidedBy: string;
}

/**
 * Records a decision on an application in review and carries it to the customer's record, inside
 * the caller's transaction. Approval verifies the customer with the application's type and name.
 * Rejection leaves the customer unverified (status 1), except for a change: a customer verified
 * as an individual stays so when its change to enterprise is refused. Returns false when the
 * application was no longer in review.
 */
export async function applyRealnameDecision(trx: Conn, app: RealnameApplication, d: RealnameDecision, now: Date): Promise<boolean> {
  const decided = await decideApplication(trx, app.id, {
    review_result: d.approve ? 2 : 1,
    opinion: d.approve ? null : d.opinion,
    decided_by: d.decidedBy,
    decided_at: iso(now),
  });
  if (!decided) return false;
  const customer = await findCustomerRecord(trx, app.customer_id);
  if (!customer) return true;
  await appendEvent(
    trx,
    realnameReviewedEvent({ customerId: app.customer_id, partnerId: customer.partner_id, applicationId: app.id, kind: app.kind, reviewResult: d.approve ? 2 : 1, verifiedType: app.verified_type }),
    now,
  );
  if (d.approve) {
    await updateCustomerProfile(trx, app.customer_id, {
      verified_status: 2,
      customer_type: app.verified_type,
      realname_name: app.name,
      verified_at: customer.verified_at ?? iso(now),
    });
  } else if (app.kind !== 'change') {
    await updateCustomerProfile(trx, app.customer_id, { verified_status: 1 });
  }
  return true;
}
