import { cmp, fromWireNumber, isNegative, isZero, mul, rat, type Rational } from '../../platform/rational.ts';
import { conversionFactor, productIdOf, type Offer, type ProductKey, type UnitTable } from '../catalog/index.ts';
import type { PlanLine } from './plan-quote.ts';
import { onDemandAmount, periodAmount } from './price-shapes.ts';
import { invalidParameter, periodUnavailable, productNotFound, usageFactorNotFound, usageUnitMismatch } from './rating.errors.ts';

/**
 * From a request line and its product to a plan line with an exact official price. No I/O: the
 * products and units are looked up beforehand; every refusal is a typed error naming the line.
 */

export interface SizedRequest {
  id: string;
  product: ProductKey;
  resourceSize?: number | null;
  sizeMeasureId?: number | null;
  subscriptionNum: number;
}

export interface OnDemandRequest extends SizedRequest {
  usageFactor: string;
  /** The usage as the wire carried it (a JSON number), read from its shortest decimal text. */
  usageValue: number;
  usageMeasureId: number;
}

export interface PeriodRequest extends SizedRequest {
  /** 0 day, 2 month, 3 year, 4 hour. */
  periodType: number;
  periodNum: number;
  /** New purchases pay one-time fees; renewals do not. */
  includeOneTime: boolean;
}

/** 1..max lines, each id given once. */
export function checkLineIds(ids: string[], max: number, what = 'product_infos'): void {
  if (ids.length === 0) throw invalidParameter(`${what} must not be empty`);
  if (ids.length > max) throw invalidParameter(`${what} allows at most ${max} items`);
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const id of ids) (seen.has(id) ? dups : seen).add(id);
  if (dups.size > 0) throw invalidParameter(`${what} ids must be unique in one request: ${[...dups].sort().join(', ')}`);
}

function checkCount(req: SizedRequest): void {
  if (!Number.isInteger(req.subscriptionNum) || req.subscriptionNum < 1 || req.subscriptionNum > 100000) {
    throw invalidParameter(`subscription_num of ${req.id} must be 1..100000`);
  }
}

/** The size in the spec's own unit; null for a product that is not linear. */
function sizeOf(offer: Offer, req: SizedRequest, units: UnitTable): Rational | null {
  if (!offer.linear) return null;
  if (req.resourceSize == null || req.sizeMeasureId == null) {
    throw invalidParameter(`resource_size and size_measure_id are required for the linear product ${req.product.spec} (${req.id})`);
  }
  const factor = conversionFactor(units, req.sizeMeasureId, offer.linear.measureId);
  if (!factor) throw invalidParameter(`size_measure_id ${req.sizeMeasureId} does not measure the size of ${req.product.spec} (${req.id}); use ${offer.linear.measureId}`);
  const size = mul(rat(req.resourceSize), factor);
  if (cmp(size, rat(offer.linear.min)) < 0 || cmp(size, rat(offer.linear.max)) > 0) {
    throw invalidParameter(`resource_size of ${req.id} must be ${offer.linear.min}..${offer.linear.max} (measure ${offer.linear.measureId})`);
  }
  return size;
}

export function onDemandLine(offer: Offer | null, req: OnDemandRequest, units: UnitTable): PlanLine {
  if (!offer) throw productNotFound(req.id, req.product, 'no such spec in this region');
  if (!offer.onDemand) throw productNotFound(req.id, req.product, 'not sold on demand');
  checkCount(req);
  const usageType = offer.usageTypes.get(req.usageFactor.trim().toLowerCase());
  if (!usageType) throw usageFactorNotFound(req.id, req.usageFactor);
  const rule = offer.rules.find((r) => r.kind === 'on_demand' && r.usageFactor.toLowerCase() === usageType.code.toLowerCase());
  if (!rule) throw productNotFound(req.id, req.product, `no on-demand price for ${usageType.code}`);
  const usage = fromWireNumber(req.usageValue);
  if (!usage || isNegative(usage) || isZero(usage)) throw invalidParameter(`usage_value of ${req.id} must be greater than 0`);
  const factor = conversionFactor(units, req.usageMeasureId, rule.usageMeasureId ?? usageType.measureId);
  if (!factor) throw usageUnitMismatch(req.id, req.usageMeasureId);
  const size = sizeOf(offer, req, units);
  return {
    id: req.id,
    productId: productIdOf(req.product, 'on_demand'),
    serviceTypeCode: req.product.service,
    resourceTypeCode: req.product.resource,
    mode: 'on_demand',
    official: onDemandAmount(rule, mul(usage, factor), size, req.subscriptionNum),
  };
}

export function periodLine(offer: Offer | null, req: PeriodRequest, units: UnitTable): PlanLine {
  if (!offer) throw productNotFound(req.id, req.product, 'no such spec in this region');
  if (!offer.period) throw productNotFound(req.id, req.product, 'not sold by yearly/monthly period');
  if (![0, 2, 3, 4].includes(req.periodType)) throw invalidParameter(`period_type of ${req.id} must be 0 (day), 2 (month), 3 (year) or 4 (hour)`);
  if (!Number.isInteger(req.periodNum) || req.periodNum < 1) throw invalidParameter(`period_num of ${req.id} must be at least 1`);
  checkCount(req);
  const size = sizeOf(offer, req, units);
  const price = periodAmount(offer.rules, { periodType: req.periodType, periodNum: req.periodNum, size, count: req.subscriptionNum, includeOneTime: req.includeOneTime });
  if (!price.ok) {
    if (price.reason === 'not_sold_by_period') throw productNotFound(req.id, req.product, 'no yearly/monthly price in force');
    throw periodUnavailable(req.id, req.periodType, req.periodNum);
  }
  return {
    id: req.id,
    productId: productIdOf(req.product, 'period'),
    serviceTypeCode: req.product.service,
    resourceTypeCode: req.product.resource,
    mode: 'period',
    official: price.amount,
  };
}

/** Lines are checked in id order, so the error a request gets does not depend on how it is ordered. */
export function byId<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
