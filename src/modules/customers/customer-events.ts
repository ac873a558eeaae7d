import type { DomainEvent } from '../../platform/event-outbox.ts';

/**
 * The customers module's events for webhooks (src/platform/event-outbox.ts). Each names the
 * customer's partner in `partner_id`, which is how the webhooks route it; contacts, documents and
 * real names stay out.
 */
export function customerCreatedEvent(c: { id: string; name: string; partnerId: string; associationType: number; xaccountType: string; xaccountId: string }): DomainEvent {
  return {
    type: 'customer.created',
    aggregateType: 'customer',
    aggregateId: c.id,
    payload: {
      customer_id: c.id,
      domain_name: c.name,
      partner_id: c.partnerId,
      association_type: c.associationType,
      xaccount_type: c.xaccountType,
      xaccount_id: c.xaccountId,
    },
  };
}

export function customerBoundEvent(c: { id: string; partnerId: string; xaccountType: string; xaccountId: string; via: 'sso' }): DomainEvent {
  return {
    type: 'customer.bound',
    aggregateType: 'customer',
    aggregateId: c.id,
    payload: { customer_id: c.id, partner_id: c.partnerId, xaccount_type: c.xaccountType, xaccount_id: c.xaccountId, via: c.via },
  };
}

export function realnameReviewedEvent(r: { customerId: string; partnerId: string; applicationId: string; kind: string; reviewResult: number; verifiedType: number }): DomainEvent {
  return {
    type: 'customer.realname_reviewed',
    aggregateType: 'customer',
    aggregateId: r.customerId,
    payload: {
      customer_id: r.customerId,
      partner_id: r.partnerId,
      application_id: r.applicationId,
      kind: r.kind,
      // 1 rejected, 2 approved (review_result on the wire).
      review_result: r.reviewResult,
      verified_type: r.verifiedType,
    },
  };
}
