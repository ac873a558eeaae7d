import type { Deps } from '../../platform/deps.ts';
import type { QuotePlan } from './plan-quote.ts';
import { quoteLines, type QuoteInput } from './quote-lines.ts';
import { onDemandLine, type OnDemandRequest } from './resolve-lines.ts';

/** Prices on-demand usage of products for a customer (per usage factor, in any unit of its measure). */
export function quoteOnDemandProducts(deps: Pick<Deps, 'db' | 'clock'>, input: QuoteInput<OnDemandRequest>): Promise<QuotePlan> {
  return quoteLines(deps, input, onDemandLine);
}
