import type { CustomerOnDemandResource, OrderInstanceV2 } from '../../contract/generated/models.ts';
import type { SubscriptionPhase } from '../../platform/db/schema.ts';
import { assertNever } from '../../platform/errors.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import type { Names } from './order-views.ts';
import type { ResourceRow } from './resources.repo.ts';

/**
 * How subscribed resources look on the wire. A yearly/monthly resource's status: 2 in use, 5
 * expired (grace period), 4 frozen (retention period), 3 closed (released, unsubscribed, or
 * converted to on-demand). expire_policy: 3 auto-renew, 1 to on-demand at expiry, else 0 (grace).
 */
export function periodStatusOf(phase: SubscriptionPhase): 2 | 3 | 4 | 5 {
  switch (phase) {
    case 'active':
      return 2;
    case 'grace':
      return 5;
    case 'retention':
      return 4;
    case 'released':
    case 'unsubscribed':
    case 'on_demand':
      return 3;
    default:
      return assertNever(phase, 'phase');
  }
}

/** The phases a period status filter (status_list) selects. */
export function phasesOfStatus(status: number): SubscriptionPhase[] {
  const all: SubscriptionPhase[] = ['active', 'grace', 'retention', 'released', 'unsubscribed', 'on_demand'];
  return all.filter((p) => periodStatusOf(p) === status);
}

export const expirePolicyOf = (r: Pick<ResourceRow, 'autoRenew' | 'toOnDemand'>): number => (r.autoRenew ? 3 : r.toOnDemand ? 1 : 0);

function specDesc(r: ResourceRow, names: Names): string {
  const spec = names.spec(r.serviceTypeCode, r.resourceTypeCode, r.specCode);
  return r.resourceSize !== null ? `${spec}|${r.resourceSize}` : spec;
}

export function periodResourceV2(r: ResourceRow, names: Names): OrderInstanceV2 {
  return {
    id: r.id,
    resource_id: r.id,
    resource_name: r.resourceName,
    region_code: r.regionCode,
    service_type_code: r.serviceTypeCode,
    resource_type_code: r.resourceTypeCode,
    resource_type_name: names.resource(r.resourceTypeCode),
    service_type_name: names.service(r.serviceTypeCode),
    resource_spec_code: r.specCode,
    ...(r.projectId ? { project_id: r.projectId } : {}),
    product_id: r.productId,
    ...(r.parentId ? { parent_resource_id: r.parentId } : {}),
    is_main_resource: r.isMain ? 1 : 0,
    status: periodStatusOf(r.phase),
    effective_time: huaweiUtc(r.effectiveTime),
    expire_time: huaweiUtc(r.expireTime),
    expire_policy: expirePolicyOf(r),
    product_spec_desc: specDesc(r, names),
    ...(r.resourceSize !== null ? { spec_size: r.resourceSize, spec_size_measure_id: r.sizeMeasureId ?? undefined } : {}),
    update_time: huaweiUtc(r.updatedAt),
    enterprise_project: { id: '0', name: 'default' },
  };
}

/** A resource converted to on-demand: status 1 (normal), in force since the conversion. */
export function onDemandResourceV2(r: ResourceRow, names: Names): CustomerOnDemandResource {
  return {
    customer_id: r.customerId,
    region_code: r.regionCode,
    service_type_code: r.serviceTypeCode,
    resource_type_code: r.resourceTypeCode,
    service_type_name: names.service(r.serviceTypeCode),
    resource_type_name: names.resource(r.resourceTypeCode),
    resource_id: r.id,
    resource_name: r.resourceName,
    effective_time: huaweiUtc(r.closedAt ?? r.effectiveTime),
    status: 1,
    resource_spec_code: r.specCode,
    ...(r.resourceSize !== null ? { resource_info: JSON.stringify({ specSize: r.resourceSize }) } : {}),
    product_spec_desc: specDesc(r, names),
  };
}
