import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ListRenewRateOnPeriodReq, ListRenewRateOnPeriodResponse } from '../../contract/generated/models.ts';
import { quoteRenewal } from './quote-renewal.ts';
import { duplicateResourceIds, invalidParameter } from './rating.errors.ts';
import { RENEWAL_FAILURE_MESSAGES, type FindRenewalSubjects, type RenewalSubject } from './renewal-subjects.ts';
import { CURRENCY, wireText } from './wire-amounts.ts';

const PLACES = 6;

/**
 * The renewal price of up to 10 main resources for months (1-11) or years (1-3), optionally with
 * their child resources. Resources that cannot be renewed come back in fail_resource_infos.
 */
export async function listRenewRateOnPeriod(
  deps: Deps,
  caller: Caller,
  body: ListRenewRateOnPeriodReq | undefined,
  findSubjects: FindRenewalSubjects,
): Promise<ListRenewRateOnPeriodResponse> {
  if (!body) throw invalidParameter('body is required');
  const ids = body.resource_ids;
  if (ids.length < 1 || ids.length > 10) throw invalidParameter('resource_ids must name 1 to 10 main resources');
  if (ids.some((id) => id.length < 1 || id.length > 64)) throw invalidParameter('a resource id is 1-64 characters');
  const dups = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (dups.length > 0) throw duplicateResourceIds(dups.sort());
  if (body.period_type !== 2 && body.period_type !== 3) throw invalidParameter('period_type must be 2 (month) or 3 (year)');
  const maxNum = body.period_type === 2 ? 11 : 3;
  if (!Number.isInteger(body.period_num) || body.period_num < 1 || body.period_num > maxNum) {
    throw invalidParameter(`period_num must be 1..${maxNum} for ${body.period_type === 2 ? 'months' : 'years'}`);
  }
  const found = await findSubjects(caller.accountId, ids);
  const byId = new Map(found.map((f) => [f.resourceId, f]));
  const subjects: RenewalSubject[] = [];
  const failed: Array<{ resourceId: string; code: keyof typeof RENEWAL_FAILURE_MESSAGES }> = [];
  for (const id of ids) {
    const f = byId.get(id);
    if (!f) failed.push({ resourceId: id, code: 'CBC.30050009' });
    else if ('failure' in f) failed.push({ resourceId: id, code: f.failure });
    else subjects.push(f.subject);
  }
  const quote = await quoteRenewal(deps, {
    customerId: caller.accountId,
    subjects,
    periodType: body.period_type,
    periodNum: body.period_num,
    includeChildren: body.include_relative_resources === true,
    places: PLACES,
  });
  const text = (r: Parameters<typeof wireText>[0]) => wireText(r, PLACES);
  const plan = quote.plan;
  return {
    currency: CURRENCY,
    renew_inquiry_results: quote.mains.map((m) => ({ resource_id: m.resourceId, amount: text(m.official) })),
    official_website_rating_result: { official_website_amount: text(plan.official) },
    optional_discount_rating_results: plan.options.map((o) => ({
      discount_id: o.grant.id,
      amount: text(o.amount),
      official_website_amount: text(o.official),
      discount_amount: text(o.discount),
      discount_type: o.grant.type,
      discount_name: o.grant.name,
      best_offer: o.bestOffer ? 1 : 0,
    })),
    fail_resource_infos: [...failed, ...quote.failures].map((f) => ({ resource_id: f.resourceId, error_code: f.code, error_msg: RENEWAL_FAILURE_MESSAGES[f.code] })),
  };
}
