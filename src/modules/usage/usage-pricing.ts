import { mul, rat, type Rational } from '../../platform/rational.ts';
import { conversionFactor, type Offer, type PriceRule, type UnitTable, type UsageTypeInfo } from '../catalog/index.ts';

/** Bandwidth (Mbps, Kbps): usage measured in it is a rate, billed by the month's 95th percentile. */
export const BANDWIDTH_MEASURE_TYPE = 16;

export interface UsageProduct {
  serviceTypeCode: string;
  resourceTypeCode: string;
  specCode: string;
  regionCode: string;
  usageType: string;
  usageMeasureId: number;
  resourceSize: number | null;
  sizeMeasureId: number | null;
}

export type ResolvedRule =
  | {
      ok: true;
      rule: PriceRule;
      usageType: UsageTypeInfo;
      /** The price's unit, and how many of it one unit of the record's measure is. */
      priceMeasureId: number;
      factor: Rational;
      /** The linear size in the spec's unit, for size-priced products. */
      size: Rational | null;
      /** Rated by the month's 95th percentile of 5-minute points. */
      p95: boolean;
    }
  | { ok: false; code: 'CBC.99006006' | 'CBC.99006074' | 'CBC.99006050' | 'CBC.0100'; message: string };

/**
 * Which on-demand price rates a record of this product and usage type, as the on-demand price
 * inquiry would resolve it (resolve-lines.ts): the same refusals with the same codes. Pure.
 */
export function resolveRule(offer: Offer | null, p: UsageProduct, units: UnitTable): ResolvedRule {
  const name = `${p.serviceTypeCode}/${p.resourceTypeCode}/${p.specCode}/${p.regionCode}`;
  if (!offer) return { ok: false, code: 'CBC.99006006', message: `product not found: ${name}` };
  if (!offer.onDemand) return { ok: false, code: 'CBC.99006006', message: `product not sold on demand: ${name}` };
  const usageType = offer.usageTypes.get(p.usageType.toLowerCase());
  if (!usageType) return { ok: false, code: 'CBC.99006074', message: `unknown usage type ${p.usageType} for ${p.resourceTypeCode}` };
  const rule = offer.rules.find((r) => r.kind === 'on_demand' && r.usageFactor.toLowerCase() === usageType.code.toLowerCase());
  if (!rule) return { ok: false, code: 'CBC.99006006', message: `no on-demand price for ${usageType.code} of ${name}` };
  const priceMeasureId = rule.usageMeasureId ?? usageType.measureId;
  const factor = conversionFactor(units, p.usageMeasureId, priceMeasureId);
  if (!factor) return { ok: false, code: 'CBC.99006050', message: `usage_measure_id ${p.usageMeasureId} does not measure ${usageType.code} (use ${priceMeasureId})` };
  let size: Rational | null = null;
  if (offer.linear) {
    if (p.resourceSize === null || p.sizeMeasureId === null) return { ok: false, code: 'CBC.0100', message: `resource_size and size_measure_id are required for the linear product ${p.specCode}` };
    const sizeFactor = conversionFactor(units, p.sizeMeasureId, offer.linear.measureId);
    if (!sizeFactor) return { ok: false, code: 'CBC.0100', message: `size_measure_id ${p.sizeMeasureId} does not measure the size of ${p.specCode}` };
    size = mul(rat(p.resourceSize), sizeFactor);
  }
  return { ok: true, rule, usageType, priceMeasureId, factor, size, p95: units.units.get(priceMeasureId) === BANDWIDTH_MEASURE_TYPE };
}
