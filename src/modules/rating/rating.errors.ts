import { AppError } from '../../platform/errors.ts';
import type { ProductKey } from '../catalog/index.ts';

/** Documented price-inquiry errors (bcloud_01001/01002/01007) and the codes we chose where none is documented. */
export const invalidParameter = (msg: string) => new AppError('CBC.0100', `invalid parameter: ${msg}`);

export const productNotFound = (id: string, k: ProductKey, why: string) =>
  new AppError('CBC.99006006', `product not found (${id}): ${k.service} / ${k.resource} / ${k.spec} / ${k.region}: ${why}`);

export const usageUnitMismatch = (id: string, unit: number) =>
  new AppError('CBC.99006050', `usage measure unit error (${id}): usage_measure_id ${unit} does not measure this usage factor`);

export const amountTooLarge = (what: string) => new AppError('CBC.99006055', `the inquiry result exceeds the maximum amount: ${what}`);

export const usageFactorNotFound = (id: string, factor: string) =>
  new AppError('CBC.99006074', `usage factor ${factor} does not exist for this product (${id})`);

/** Not documented for subscribe-rate; the renew-rate code for "no such period type or number" (chosen, see docs/catalog-and-rating.md). */
export const periodUnavailable = (id: string, periodType: number, periodNum: number) =>
  new AppError('CBC.30050008', `the product (${id}) is not sold for period_type ${periodType} × ${periodNum}`);

export const duplicateResourceIds = (ids: string[]) => new AppError('CBC.30050012', `duplicate resource ids: ${ids.join(', ')}`);

/** Spec changes are upgrades only (a platform code: the partner API has no spec-change operation). */
export const notAnUpgrade = (msg: string) => new AppError('PBSS.1001', `not an upgrade: ${msg}`);

export const notYourCustomer = (id: string) => new AppError('CBC.99000035', `customer ${id} is not your sub-customer`);
export const discountNotFound = (id: string) => new AppError('PBSS.0404', `discount ${id} does not exist`);
export const invalidGrant = (msg: string) => new AppError('PBSS.0400', msg);
