import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { rawBodyOf } from '../../platform/http/raw-body.ts';
import { findInexactJsonNumber } from '../../platform/money.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { listOnDemandResourceRatings } from './list-on-demand-resource-ratings.ts';
import { listRateOnPeriodDetail } from './list-rate-on-period-detail.ts';
import { listRenewRateOnPeriod } from './list-renew-rate-on-period.ts';
import { invalidParameter } from './rating.errors.ts';
import { noRenewalSubjects, type FindRenewalSubjects } from './renewal-subjects.ts';

/** Usage values are read from their decimal text: a number JSON.parse could not hold exactly is refused. */
function exactNumbers(request: FastifyRequest): void {
  const inexact = findInexactJsonNumber(rawBodyOf(request).toString('utf8'));
  if (inexact !== null) throw invalidParameter(`the number ${inexact.slice(0, 40)} is not exact`);
}

/**
 * The partner API's rating operations, bound to their use cases. Renewal inquiries need the
 * customer's subscribed resources, which the orders module provides (`findRenewalSubjects`).
 */
export function ratingHandlers(deps: Deps, findRenewalSubjects: (deps: Deps) => FindRenewalSubjects = () => noRenewalSubjects): OperationHandlers {
  return {
    list_on_demand_resource_ratings: async ({ caller, body, request }) => {
      exactNumbers(request);
      return listOnDemandResourceRatings(deps, caller, body);
    },
    list_rate_on_period_detail: async ({ caller, body }) => listRateOnPeriodDetail(deps, caller, body),
    list_renew_rate_on_period: async ({ caller, body }) => listRenewRateOnPeriod(deps, caller, body, findRenewalSubjects(deps)),
  };
}
