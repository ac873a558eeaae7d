import { ManualClock } from '../../src/platform/clock.ts';
import type { Deps } from '../../src/platform/deps.ts';
import { importCatalog } from '../../src/modules/catalog/index.ts';

/** A 95th-percentile bandwidth price for CDN: 20 yuan per Mbps a month, in a book of its own. */
export async function addBandwidth95(deps: Deps): Promise<void> {
  await importCatalog(deps, {
    usage_types: [{ code: 'bandwidth95', resource_type_code: 'hws.resource.type.cdn', name_zh: '95峰值带宽', name_en: '95th percentile bandwidth', measure_id: 15 }],
    price_books: [{ code: 'usage-95', name: '95 bandwidth', effective_from: '2024-01-01T00:00:00Z', effective_to: null }],
    prices: [
      { book_code: 'usage-95', service_type_code: 'hws.service.type.cdn', resource_type_code: 'hws.resource.type.cdn', spec_code: 'cdn.mainland.traffic', region_code: '*', charge_kind: 'on_demand', usage_factor: 'bandwidth95', usage_measure_id: 15, basis: 'flat', unit_price: '20' },
    ],
  });
}

export const usageDeps = (deps: Deps, clock: ManualClock): Deps => ({ ...deps, clock });

let seq = 0;
/** A VM-hour record (s6.small.1.linux, 0.0875 an hour in cn-north-4). */
export function vmHour(customerId: string, resourceId: string, hour: Date, value = '1', extra: Record<string, unknown> = {}) {
  const begin = hour.toISOString().replace('.000Z', 'Z');
  const end = new Date(hour.getTime() + 3_600_000).toISOString().replace('.000Z', 'Z');
  return {
    record_id: `r-${process.pid}-${++seq}`,
    customer_id: customerId,
    resource_id: resourceId,
    service_type_code: 'hws.service.type.ec2',
    resource_type_code: 'hws.resource.type.vm',
    spec_code: 's6.small.1.linux',
    region_code: 'cn-north-4',
    usage_type: 'Duration',
    usage_value: value,
    usage_measure_id: 4,
    begin_time: begin,
    end_time: end,
    ...extra,
  };
}

/** A CDN traffic record (GB, usage-tiered price). */
export function cdnTraffic(customerId: string, resourceId: string, hour: Date, gb: string) {
  return { ...vmHour(customerId, resourceId, hour, gb), service_type_code: 'hws.service.type.cdn', resource_type_code: 'hws.resource.type.cdn', spec_code: 'cdn.mainland.traffic', usage_type: 'downflow', usage_measure_id: 10 };
}

/** A 5-minute 95th-percentile bandwidth point (Mbps). */
export function bandwidthPoint(customerId: string, resourceId: string, at: Date, mbps: string) {
  const begin = at.toISOString().replace('.000Z', 'Z');
  const end = new Date(at.getTime() + 300_000).toISOString().replace('.000Z', 'Z');
  return { ...vmHour(customerId, resourceId, at, mbps), service_type_code: 'hws.service.type.cdn', resource_type_code: 'hws.resource.type.cdn', spec_code: 'cdn.mainland.traffic', usage_type: 'bandwidth95', usage_measure_id: 15, begin_time: begin, end_time: end };
}
