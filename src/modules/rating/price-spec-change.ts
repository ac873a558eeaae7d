import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { isNegative, mul, rat, sub } from '../../platform/rational.ts';
import { findOffers, loadUnitTable, productIdOf, productKeyText, type ProductKey } from '../catalog/index.ts';
import { loadPricingContext } from './load-pricing-context.ts';
import { planQuote, type QuotePlan } from './plan-quote.ts';
import { invalidParameter, notAnUpgrade } from './rating.errors.ts';
import { periodLine } from './resolve-lines.ts';

export interface SpecChangeSide {
  product: ProductKey;
  resourceSize?: number | null;
  sizeMeasureId?: number | null;
}

export interface SpecChangeInput {
  customerId: string;
  /** The line id in the plan (the resource being changed). */
  resourceId: string;
  from: SpecChangeSide;
  to: SpecChangeSide;
  /** The subscription's period unit: 2 month or 3 year. */
  periodType: 2 | 3;
  subscriptionNum: number;
  /** From now to the subscription's expiry. */
  remaining: { from: Date; to: Date };
  places?: number;
}

/** A month counts 30 days and a year 365 when a remaining time is priced (see docs/catalog-and-rating.md). */
const PERIOD_DAYS: Record<2 | 3, number> = { 2: 30, 3: 365 };
const DAY_MS = 86_400_000;

/**
 * Prices changing a subscribed resource to another spec or size, upgrades only: the difference of
 * the per-period prices (in force now) × the remaining time in periods, exact until the plan
 * truncates it, with the discounts that reach the customer. A change to a cheaper spec or a
 * smaller size is refused (PBSS.0422); the orders module turns the plan into a change order.
 */
export async function priceSpecChange(deps: Pick<Deps, 'db' | 'clock'>, input: SpecChangeInput): Promise<QuotePlan> {
  const { from, to } = input;
  if (from.product.service !== to.product.service || from.product.resource !== to.product.resource || from.product.region !== to.product.region) {
    throw invalidParameter('a spec change keeps the service type, resource type and region');
  }
  const remainingMs = input.remaining.to.getTime() - input.remaining.from.getTime();
  if (!(remainingMs > 0)) throw invalidParameter('the subscription has no remaining time to change');
  const at = iso(deps.clock.now());
  const [offers, units, context] = await Promise.all([findOffers(deps, [from.product, to.product], at), loadUnitTable(deps), loadPricingContext(deps, input.customerId, at)]);
  const perPeriod = (side: SpecChangeSide) =>
    periodLine(
      offers.get(productKeyText(side.product)) ?? null,
      { id: input.resourceId, product: side.product, resourceSize: side.resourceSize, sizeMeasureId: side.sizeMeasureId, subscriptionNum: input.subscriptionNum, periodType: input.periodType, periodNum: 1, includeOneTime: false },
      units,
    ).official;
  const difference = sub(perPeriod(to), perPeriod(from));
  if (isNegative(difference)) throw notAnUpgrade(`${to.product.spec} costs less per period than ${from.product.spec}`);
  const official = mul(difference, rat(BigInt(remainingMs), BigInt(PERIOD_DAYS[input.periodType] * DAY_MS)));
  return planQuote({
    lines: [{ id: input.resourceId, productId: productIdOf(to.product, 'period'), serviceTypeCode: to.product.service, resourceTypeCode: to.product.resource, mode: 'period', official }],
    discounts: context.discounts,
    partnerDiscountAllowed: context.partnerDiscountAllowed,
    at,
    places: input.places ?? 6,
  });
}
