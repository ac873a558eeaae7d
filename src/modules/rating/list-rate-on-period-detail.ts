import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ListRateOnPeriodDetailResponse, RateOnPeriodReq } from '../../contract/generated/models.ts';
import type { QuotePlan } from './plan-quote.ts';
import { quotePeriodProducts } from './quote-period-products.ts';
import { invalidParameter } from './rating.errors.ts';
import { CURRENCY, wireNumber, YUAN } from './wire-amounts.ts';

/**
 * The price of yearly/monthly products at opening (one-time fees included): the official price,
 * then one result per discount that reaches the customer, the best offer marked.
 */
export async function listRateOnPeriodDetail(deps: Deps, caller: Caller, body: RateOnPeriodReq | undefined): Promise<ListRateOnPeriodDetailResponse> {
  if (!body) throw invalidParameter('body is required');
  if (!body.project_id) throw invalidParameter('project_id is required');
  for (const p of body.product_infos) {
    if (p.fee_installment_mode && p.fee_installment_mode !== 'NA') throw invalidParameter(`fee_installment_mode of ${p.id}: installments are not offered for this product`);
  }
  const plan = await quotePeriodProducts(deps, {
    customerId: caller.accountId,
    lines: body.product_infos.map((p) => ({
      id: p.id,
      product: { service: p.cloud_service_type, resource: p.resource_type, spec: p.resource_spec, region: p.region },
      resourceSize: p.resource_size,
      sizeMeasureId: p.size_measure_id,
      periodType: p.period_type,
      periodNum: p.period_num,
      subscriptionNum: p.subscription_num,
      includeOneTime: true,
    })),
    places: 6,
  });
  return periodRatingResponse(plan);
}

export function periodRatingResponse(plan: QuotePlan): ListRateOnPeriodDetailResponse {
  const n = (r: Parameters<typeof wireNumber>[0]) => wireNumber(r, plan.places);
  return {
    official_website_rating_result: {
      official_website_amount: n(plan.official),
      measure_id: YUAN,
      product_rating_results: plan.lines.map((l) => ({ id: l.id, product_id: l.productId, official_website_amount: n(l.official), measure_id: YUAN })),
    },
    optional_discount_rating_results: plan.options.map((o) => ({
      discount_id: o.grant.id,
      amount: n(o.amount),
      official_website_amount: n(o.official),
      discount_amount: n(o.discount),
      measure_id: YUAN,
      discount_type: o.grant.type,
      discount_name: o.grant.name,
      best_offer: o.bestOffer ? 1 : 0,
      product_rating_results: o.lines.map((l) => ({
        id: l.id,
        product_id: l.productId,
        amount: n(l.amount),
        official_website_amount: n(l.official),
        discount_amount: n(l.discount),
        measure_id: YUAN,
      })),
    })),
    currency: CURRENCY,
  };
}
