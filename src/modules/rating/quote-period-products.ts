import type { Deps } from '../../platform/deps.ts';
import type { QuotePlan } from './plan-quote.ts';
import { quoteLines, type QuoteInput } from './quote-lines.ts';
import { periodLine, type PeriodRequest } from './resolve-lines.ts';

/**
 * Prices yearly/monthly products for a customer: official price, and one result per discount that
 * reaches it, the best offer marked. The orders module prices a new purchase with this
 * (`includeOneTime: true`, places 2), so that an order costs what the inquiry said.
 */
export function quotePeriodProducts(deps: Pick<Deps, 'db' | 'clock'>, input: QuoteInput<PeriodRequest>): Promise<QuotePlan> {
  return quoteLines(deps, input, periodLine);
}
