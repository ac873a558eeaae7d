import type { AssociationRequestStatus } from '../../platform/db/schema.ts';
import { formatAmount, toFen } from '../../platform/money.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import type { RequestRow } from './associations.repo.ts';

/** What completing a request moved, as stored in its outcome column (fen as text). */
export interface RequestOutcome {
  trans_id: string | null;
  reclaimed_amount: string;
  coupons: Array<{ coupon_id: string; amount: string }>;
}

/** A stored pending request whose time ran out reads as expired. */
export const effectiveStatus = (r: Pick<RequestRow, 'status' | 'expires_at'>, now: string): AssociationRequestStatus =>
  r.status === 'pending' && r.expires_at <= now ? 'expired' : r.status;

/** A request as the partner, customer and operator planes show it (the confirmation number stays inside). */
export function requestView(r: RequestRow, now: string) {
  const outcome = r.outcome ? (JSON.parse(r.outcome) as RequestOutcome) : null;
  return {
    id: r.id,
    customer_id: r.customer_id,
    partner_id: r.partner_id,
    action: r.action,
    from_association_type: r.from_type,
    to_association_type: r.to_type,
    initiator: r.initiator_side,
    initiated_by: r.initiated_by,
    reason: r.reason,
    status: effectiveStatus(r, now),
    requires_verification_code: r.confirm_mobile !== null,
    requested_at: huaweiUtc(r.requested_at),
    expires_at: huaweiUtc(r.expires_at),
    decided_at: r.decided_at ? huaweiUtc(r.decided_at) : null,
    decided_by: r.decided_by,
    decision_note: r.decision_note,
    outcome: outcome
      ? {
          trans_id: outcome.trans_id,
          reclaimed_amount: formatAmount(toFen(outcome.reclaimed_amount)),
          reclaimed_coupons: outcome.coupons.map((c) => ({ coupon_id: c.coupon_id, amount: formatAmount(toFen(c.amount)) })),
        }
      : null,
  };
}

export type RequestView = ReturnType<typeof requestView>;
