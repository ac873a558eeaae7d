import { createHash } from 'node:crypto';
import type { PriceBasis, PriceChargeKind } from '../../platform/db/schema.ts';
import type { Rational } from '../../platform/rational.ts';

/** How the partner API names a product: all four must match, else the product is not found. */
export interface ProductKey {
  service: string;
  resource: string;
  spec: string;
  region: string;
}

export const productKeyText = (k: ProductKey) => `${k.service}|${k.resource}|${k.spec}|${k.region}`;

/** A graduated tier: quantity up to `upTo` (cumulative; null = no bound) at `unitPrice`. */
export interface Tier {
  upTo: Rational | null;
  unitPrice: Rational;
}

/** One price of a product, as the effective book says. */
export interface PriceRule {
  entryId: string;
  bookCode: string;
  kind: PriceChargeKind;
  basis: PriceBasis;
  tiers: Tier[];
  /** on_demand: the usage factor as the book spells it, and the unit the price is per. */
  usageFactor: string;
  usageMeasureId: number | null;
  /** period: 0 day, 2 month, 3 year, 4 hour; periodNum null = a price per period, else for exactly that term. */
  periodType: number | null;
  periodNum: number | null;
  /** On the per-month price: n months never cost more than the years they add up to. */
  monthsCappedByYear: boolean;
  maxPeriodNum: number | null;
}

export interface UsageTypeInfo {
  code: string;
  measureId: number;
}

/** A product (a spec sold in a region) with the prices in force at the time asked. */
export interface Offer {
  key: ProductKey;
  nameZh: string;
  nameEn: string;
  /** Linear products are sized at order (GB of disk, Mbps of bandwidth). */
  linear: { measureId: number; min: number; max: number } | null;
  onDemand: boolean;
  period: boolean;
  rules: PriceRule[];
  /** The usage types of the resource type, by lower-case code. */
  usageTypes: Map<string, UsageTypeInfo>;
}

export type ProductMode = 'on_demand' | 'period';

/**
 * A product's id on the wire: stable across databases and imports, because it is derived from
 * what names the product (charge mode, service, resource type, spec, region).
 */
export function productIdOf(key: ProductKey, mode: ProductMode): string {
  const hex = createHash('sha256').update(`${mode}|${productKeyText(key)}`).digest('hex');
  return `OFFI${hex.slice(0, 28).toUpperCase()}`;
}
