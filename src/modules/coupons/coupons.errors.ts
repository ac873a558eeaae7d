import { AppError } from '../../platform/errors.ts';

/** Errors of the coupon operations, with the partner API's codes (brief §4.3). */

export const invalidParameter = (msg: string) => new AppError('CBC.0100', `invalid parameter: ${msg}`);

/** A quota that does not exist, is not the acting partner's, or whose status forbids the operation. */
export const quotaUnavailable = (quotaId: string, why = 'does not exist') => new AppError('CBC.99000012', `coupon quota ${quotaId} ${why}`);
export const quotaOutsideValidity = (quotaId: string, why: string) => new AppError('CBC.99000017', `coupon quota ${quotaId} ${why}`);
export const quotaInsufficient = (quotaId: string) => new AppError('CBC.99000013', `the balance of coupon quota ${quotaId} is insufficient`);

export const faceValueBelowMinimum = (min: string) => new AppError('CBC.99000018', `face_value is below the quota's minimum face value ${min}`);
export const faceValueAboveMaximum = (max: string) => new AppError('CBC.99000019', `face_value is above the quota's maximum face value ${max}`);
export const tooManyCoupons = (customerId: string, max: number) =>
  new AppError('CBC.99000020', `customer ${customerId} already holds the most coupons this quota allows per customer (${max})`);
export const tooMuchFaceValue = (customerId: string, max: string) =>
  new AppError('CBC.99000021', `the total face value issued from this quota to customer ${customerId} would exceed ${max}`);
export const limitsExceedQuota = (why: string) => new AppError('CBC.99000023', `the coupon's limits exceed the quota's: ${why}`);
export const cannotIssueToSelf = () => new AppError('CBC.99000025', 'a partner cannot issue coupons to itself');
export const notDesignatedCustomer = (customerId: string) => new AppError('CBC.50000020', `the quota is designated for other customers than ${customerId}`);
export const designatedForOthers = (indirectPartnerId: string) =>
  new AppError('CBC.50000021', `the quota is designated for customers who are not sub-customers of ${indirectPartnerId}`);
export const unknownProduct = (id: string) => new AppError('CBC.50000054', `product ${id} does not exist`);
export const unknownServiceType = (code: string) => new AppError('CBC.50000055', `cloud service type ${code} does not exist`);

/** A customer that is not the acting partner's, or does not exist: the two answer alike. */
export const notASubCustomer = (customerId: string) => new AppError('CBC.99000035', `customer ${customerId} is not a sub-customer of this partner`);
export const referralCustomer = (customerId: string) =>
  new AppError('CBC.99000014', `customer ${customerId} is a referral (consulting-sale) customer: partner coupons go to resale customers only`);
export const frozenCustomer = (customerId: string) => new AppError('CBC.99000000', `customer ${customerId} is frozen: no permission to operate it`);

/** A coupon that does not exist or is not the acting partner's: the two answer alike. */
export const couponNotFound = (couponId: string) => new AppError('CBC.0101', `invalid parameter: coupon ${couponId} does not exist`);
export const couponNotReclaimable = (couponId: string, why: string) =>
  new AppError('PBSS.0409', `coupon ${couponId} cannot be reclaimed: ${why}; only usable coupons not held by an order can be`);

/** For the orders module: a coupon or card that cannot pay this order. */
export const benefitUnusable = (id: string, why: string) => new AppError('CBC.99003112', `coupon or card ${id} cannot be used: ${why}`);

export const operatorInvalid = (msg: string) => new AppError('PBSS.0400', msg);
export const operatorNotFound = (msg: string) => new AppError('PBSS.0404', msg);
export const operatorConflict = (msg: string) => new AppError('PBSS.0409', msg);
