import type { Deps } from '../../platform/deps.ts';
import type { OperationHandlers } from '../../contract/register-partner-api.ts';
import { invalidParameter } from './catalog.errors.ts';
import { listConversions } from './list-conversions.ts';
import { listIncentiveDiscountPolicies } from './list-incentive-discount-policies.ts';
import { listMeasureUnits } from './list-measure-units.ts';
import { listResourceSpecs } from './list-resource-specs.ts';
import { listResourceTypes } from './list-resource-types.ts';
import { listServiceResources } from './list-service-resources.ts';
import { listServiceTypes } from './list-service-types.ts';
import { listUsageTypes } from './list-usage-types.ts';

/** The partner API's catalog operations, bound to their use cases. Reads deps only when called. */
export function catalogHandlers(deps: Deps): OperationHandlers {
  return {
    list_service_types: async ({ query, language }) => listServiceTypes(deps, query, language),
    list_resource_types: async ({ query, language }) => listResourceTypes(deps, query, language),
    list_service_resources: async ({ query, language }) => listServiceResources(deps, query, language),
    list_usage_types: async ({ query, language }) => listUsageTypes(deps, query, language),
    list_measure_units: async ({ language }) => listMeasureUnits(deps, language),
    list_conversions: async ({ query }) => listConversions(deps, query),
    list_resource_specs: async ({ body, language }) => {
      if (!body) throw invalidParameter('body is required');
      return listResourceSpecs(deps, body, language);
    },
    list_incentive_discount_policies: async ({ query, language }) => listIncentiveDiscountPolicies(deps, query, language),
  };
}
