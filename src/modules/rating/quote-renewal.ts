import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { sum, type Rational } from '../../platform/rational.ts';
import { findOffers, loadUnitTable, productKeyText } from '../catalog/index.ts';
import { loadPricingContext } from './load-pricing-context.ts';
import { planQuote, type PlanLine, type QuotePlan } from './plan-quote.ts';
import type { RenewalFailureCode, RenewalSubject } from './renewal-subjects.ts';
import { periodLine } from './resolve-lines.ts';

export interface RenewalQuote {
  plan: QuotePlan;
  /** Per main resource priced: its official renewal price with its children (when included), at `places`. */
  mains: Array<{ resourceId: string; official: Rational }>;
  /** Resources that cannot be renewed for this period. */
  failures: Array<{ resourceId: string; code: RenewalFailureCode }>;
}

/**
 * Prices renewing resources for `periodNum` periods of `periodType` (no one-time fees), with the
 * discounts that reach the customer now. A resource whose product has no price for that period is
 * a per-resource failure (CBC.30050008), not an error of the request. The orders module prices a
 * renewal order with this (places 2).
 */
export async function quoteRenewal(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { customerId: string; subjects: RenewalSubject[]; periodType: number; periodNum: number; includeChildren: boolean; places?: number },
): Promise<RenewalQuote> {
  const at = iso(deps.clock.now());
  const withChildren = (s: RenewalSubject) => [s, ...(input.includeChildren ? s.children : [])];
  const all = input.subjects.flatMap(withChildren);
  const [offers, units, context] = await Promise.all([findOffers(deps, all.map((s) => s.product), at), loadUnitTable(deps), loadPricingContext(deps, input.customerId, at)]);
  const places = input.places ?? 6;
  const lines: PlanLine[] = [];
  const spans: Array<{ resourceId: string; start: number; end: number }> = [];
  const failures: RenewalQuote['failures'] = [];
  for (const subject of input.subjects) {
    try {
      const priced = withChildren(subject).map((s) =>
        periodLine(
          offers.get(productKeyText(s.product)) ?? null,
          {
            id: s.resourceId,
            product: s.product,
            resourceSize: s.resourceSize,
            sizeMeasureId: s.sizeMeasureId,
            subscriptionNum: s.subscriptionNum,
            periodType: input.periodType,
            periodNum: input.periodNum,
            includeOneTime: false,
          },
          units,
        ),
      );
      spans.push({ resourceId: subject.resourceId, start: lines.length, end: lines.length + priced.length });
      lines.push(...priced);
    } catch (e) {
      if (e instanceof AppError && e.code === 'CBC.30050008') failures.push({ resourceId: subject.resourceId, code: 'CBC.30050008' });
      else throw e;
    }
  }
  const plan = planQuote({ lines, discounts: context.discounts, partnerDiscountAllowed: context.partnerDiscountAllowed, at, places });
  // A main's amount is the sum of its lines as the plan truncated them, so that the parts add up.
  const mains = spans.map((s) => ({ resourceId: s.resourceId, official: sum(plan.lines.slice(s.start, s.end).map((l) => l.official)) }));
  return { plan, mains, failures };
}
