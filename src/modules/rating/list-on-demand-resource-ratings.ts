import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { sub, sum } from '../../platform/rational.ts';
import type { ListOnDemandResourceRatingsResponse, RateOnDemandReq } from '../../contract/generated/models.ts';
import { preferredPerLine } from './plan-quote.ts';
import { quoteOnDemandProducts } from './quote-on-demand-products.ts';
import { invalidParameter } from './rating.errors.ts';
import { CURRENCY, placesOf, wireNumber, YUAN } from './wire-amounts.ts';

/**
 * The price of on-demand usage per product: official price and, when a discount reaches the
 * customer, the discounted price, preferring the business discount (605, then 606) over the
 * partner-set one (607).
 */
export async function listOnDemandResourceRatings(deps: Deps, caller: Caller, body: RateOnDemandReq | undefined): Promise<ListOnDemandResourceRatingsResponse> {
  if (!body) throw invalidParameter('body is required');
  if (!body.project_id) throw invalidParameter('project_id is required');
  const places = placesOf(body.inquiry_precision);
  if (places === null) throw invalidParameter('inquiry_precision must be 0 or 1');
  const plan = await quoteOnDemandProducts(deps, {
    customerId: caller.accountId,
    lines: body.product_infos.map((p) => ({
      id: p.id,
      product: { service: p.cloud_service_type, resource: p.resource_type, spec: p.resource_spec, region: p.region },
      resourceSize: p.resource_size,
      sizeMeasureId: p.size_measure_id,
      usageFactor: p.usage_factor,
      usageValue: p.usage_value,
      usageMeasureId: p.usage_measure_id,
      subscriptionNum: p.subscription_num,
    })),
    places,
  });
  const chosen = preferredPerLine(plan);
  const n = (r: Parameters<typeof wireNumber>[0]) => wireNumber(r, places);
  const results = plan.lines.map((l) => {
    const c = chosen.get(l.id) ?? null;
    const amount = c ? c.line.amount : l.official;
    return { line: l, amount, choice: c };
  });
  const official = plan.official;
  const amount = sum(results.map((r) => r.amount));
  return {
    amount: n(amount),
    discount_amount: n(sub(official, amount)),
    official_website_amount: n(official),
    measure_id: YUAN,
    currency: CURRENCY,
    product_rating_results: results.map(({ line, amount: a, choice }) => ({
      id: line.id,
      product_id: line.productId,
      amount: n(a),
      discount_amount: n(sub(line.official, a)),
      official_website_amount: n(line.official),
      measure_id: YUAN,
      discount_rating_results: choice
        ? [{ discount_id: choice.option.grant.id, discount_type: choice.option.grant.type, amount: n(choice.line.discount), measure_id: YUAN, discount_name: choice.option.grant.name }]
        : [],
    })),
  };
}
