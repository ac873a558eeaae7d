import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import { cmp, rat, sum, type Rational } from '../../platform/rational.ts';
import { findOffers, loadUnitTable, productKeyText, type Offer, type UnitTable } from '../catalog/index.ts';
import { loadPricingContext } from './load-pricing-context.ts';
import { planQuote, type PlanLine, type QuotePlan } from './plan-quote.ts';
import { amountTooLarge } from './rating.errors.ts';
import { byId, checkLineIds, type OnDemandRequest, type PeriodRequest } from './resolve-lines.ts';

/** No quote (line or total) may exceed one billion yuan: every result then stays exact as a JSON number at 6 decimals. */
export const MAX_QUOTE_YUAN = rat(1_000_000_000);

/** The shared path of every quote: check ids, look up products, units and discounts once, price, plan. */
export interface QuoteInput<R> {
  customerId: string;
  lines: R[];
  /** Decimals kept, truncating: 6 (default) or 10 for inquiries, 2 for orders. */
  places?: number;
  /** At most this many lines (100 for the rating operations). */
  maxLines?: number;
}

export async function quoteLines<R extends OnDemandRequest | PeriodRequest>(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: QuoteInput<R>,
  price: (offer: Offer | null, req: R, units: UnitTable) => PlanLine,
): Promise<QuotePlan> {
  checkLineIds(input.lines.map((l) => l.id), input.maxLines ?? 100);
  const at = iso(deps.clock.now());
  const [offers, units, context] = await Promise.all([
    findOffers(deps, input.lines.map((l) => l.product), at),
    loadUnitTable(deps),
    loadPricingContext(deps, input.customerId, at),
  ]);
  const priced = new Map<string, PlanLine>();
  for (const req of byId(input.lines)) {
    const line = price(offers.get(productKeyText(req.product)) ?? null, req, units);
    if (cmp(line.official, MAX_QUOTE_YUAN) > 0) throw amountTooLarge(`product ${req.id}`);
    priced.set(req.id, line);
  }
  const lines = input.lines.map((l) => priced.get(l.id)!);
  const total: Rational = sum(lines.map((l) => l.official));
  if (cmp(total, MAX_QUOTE_YUAN) > 0) throw amountTooLarge('the total of the request');
  return planQuote({ lines, discounts: context.discounts, partnerDiscountAllowed: context.partnerDiscountAllowed, at, places: input.places ?? 6 });
}
