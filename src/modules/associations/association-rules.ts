import type { AssociationAction, AssociationSide } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';

/**
 * The documented rules of unbinding and switching association type (brief §5.5), as pure
 * functions of what the platform knows: the plan of a change is computed first and then executed,
 * and the same plan answers the preview.
 */

/** The rolling window of the three "once per three months" rules, in calendar months of the business clock. */
export const WINDOW_MONTHS = 3;
/** How long a request waits for the other side (our choice: Huawei does not say). */
export const REQUEST_TTL_DAYS = 7;
/** How long a confirmation code lives; the customer may ask for a new one. */
export const CONFIRMATION_CODE_MINUTES = 30;

/**
 * `months` calendar months after `at`, in UTC, the day clamped to the month's end (31 January plus
 * one month is 28 or 29 February), the time of day kept.
 */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(at.getUTCDate(), lastDay), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
}

/** An earlier request for the same customer, whatever became of it: the rules count requests made. */
export interface PastRequest {
  side: AssociationSide;
  partnerId: string;
  requestedAt: string;
}

export type WindowRule = 'customer_once' | 'partner_after_customer' | 'partner_once';

export interface WindowRefusal {
  rule: WindowRule;
  /** The first instant the request would be allowed. */
  allowedFrom: string;
}

/**
 * Which three-month rule refuses a new request by `side` for the customer, given the earlier
 * requests: a customer asks at most once in three months; after a customer's request its partner
 * waits three months; a partner asks about the same customer at most once in three months. The
 * operator (the platform, which Huawei's documents send customers to for more) is bound by none
 * and its requests count for none. With several, the one that lasts longest.
 */
export function windowRefusal(side: AssociationSide, partnerId: string, now: Date, past: readonly PastRequest[]): WindowRefusal | null {
  const rules: Array<{ rule: WindowRule; applies: (p: PastRequest) => boolean }> =
    side === 'customer'
      ? [{ rule: 'customer_once', applies: (p) => p.side === 'customer' }]
      : side === 'partner'
        ? [
            { rule: 'partner_after_customer', applies: (p) => p.side === 'customer' && p.partnerId === partnerId },
            { rule: 'partner_once', applies: (p) => p.side === 'partner' && p.partnerId === partnerId },
          ]
        : [];
  let refusal: WindowRefusal | null = null;
  for (const { rule, applies } of rules) {
    for (const p of past.filter(applies)) {
      const allowedFrom = addMonths(new Date(p.requestedAt), WINDOW_MONTHS);
      if (allowedFrom.getTime() > now.getTime() && (!refusal || allowedFrom.toISOString() > refusal.allowedFrom)) {
        refusal = { rule, allowedFrom: allowedFrom.toISOString() };
      }
    }
  }
  return refusal;
}

export type BlockerKind = 'account_frozen' | 'pending_orders' | 'reserved_instances' | 'arrears' | 'coupons_held';

/** Something that must be dealt with before the association can change. */
export interface Blocker {
  kind: BlockerKind;
  detail: string;
  /** The orders, resources or coupons concerned, when there are such. */
  ids?: string[];
}

export interface AssociationFacts {
  action: AssociationAction;
  /** The current association type: 1 referral, 2 resale. */
  associationType: 1 | 2;
  frozen: boolean;
  /** From the orders module: pending-payment orders, unexpired reserved instances. */
  orderBlockers: readonly Blocker[];
  /** What the customer owes, in fen. */
  arrears: Fen;
  /** The customer's cash a partner may take back (cash − designated), in fen. */
  partnerFunded: Fen;
}

export interface AssociationPlan {
  /** The association type after a switch; null for unbinding. */
  toType: 1 | 2 | null;
  blockers: Blocker[];
  /** Returned to the partner (trade SOURCE_OPERATION_BEUNBIND): the partner-funded balance of a resale customer leaving resale. */
  reclaim: Fen;
  /** How the coupons module records the coupons it takes back: 3 unbind, 8 switch. */
  couponReason: 'unbind' | 'association_switch';
}

/**
 * The plan of unbinding or switching. Blockers for every customer: a frozen account (unfreeze
 * first), pending-payment orders and unexpired reserved instances; for resale customers also
 * arrears (the partner writes them off by funding first). A resale customer leaving resale (by
 * unbinding or switching to referral) gives its partner-funded balance back.
 */
export function planAssociationChange(f: AssociationFacts): AssociationPlan {
  const toType = f.action === 'switch' ? (f.associationType === 2 ? 1 : 2) : null;
  const blockers: Blocker[] = [];
  if (f.frozen) blockers.push({ kind: 'account_frozen', detail: 'the customer account is frozen: unfreeze it first' });
  blockers.push(...f.orderBlockers);
  if (f.associationType === 2 && f.arrears > 0n) {
    blockers.push({ kind: 'arrears', detail: 'the customer is in arrears: the partner writes them off by funding the customer first' });
  }
  const leavesResale = f.associationType === 2 && toType !== 2;
  return { toType, blockers, reclaim: leavesResale && f.partnerFunded > 0n ? f.partnerFunded : 0n, couponReason: f.action === 'unbind' ? 'unbind' : 'association_switch' };
}
