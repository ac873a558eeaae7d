import { AppError } from '../../platform/errors.ts';

/** Errors of orders and subscriptions, with the partner API's codes (brief §6). */

export const invalidParameter = (msg: string) => new AppError('CBC.0100', `invalid parameter: ${msg}`);

/** A missing order and another customer's order answer alike. */
export const invalidOrder = (orderId: string) => new AppError('CBC.30000010', `invalid order: ${orderId}`);
export const useCombinedOrder = (orderId: string, combinedId: string) =>
  new AppError('CBC.99000089', `order ${orderId} is part of the combined order ${combinedId}: use the combined order's id`);
export const statusChanged = (orderId: string) => new AppError('CBC.99003106', `the status of order ${orderId} has changed: it is no longer pending payment`);
export const discountNotApplicable = (why: string) => new AppError('CBC.99003108', `the discount is not applicable to this order: ${why}`);
export const pastPaymentDeadline = (orderId: string) => new AppError('CBC.99003110', `order ${orderId} is past its payment deadline`);
export const couponWithDiscount = (why: string) => new AppError('CBC.99003116', `the coupon may not be used with the discount: ${why}`);
export const couponMinDiscount = (why: string) => new AppError('CBC.99003117', `the coupon's minimum discount ratio is not met: ${why}`);
export const cannotCancel = (orderId: string) => new AppError('CBC.99005010', `the status of order ${orderId} does not allow cancelling (only pending payment orders can be cancelled)`);
export const notARefundOrder = (orderId: string) => new AppError('CBC.99005026', `order ${orderId} is not an unsubscribe order`);
export const notYourCustomer = (id: string) => new AppError('CBC.99000035', `customer ${id} is not your sub-customer`);

export const resourceNotFound = (id: string) => new AppError('CBC.99003012', `resource ${id} does not exist`);
export const resourceGone = (id: string) => new AppError('CBC.30000067', `resource ${id} has been deleted or is not a yearly/monthly resource any more`);
export const accountFrozen = (id: string) => new AppError('CBC.30000052', `the account or resource is frozen: ${id}`);
export const resourceFrozen = (id: string) => new AppError('CBC.99003656', `resource ${id} is frozen (in its retention period)`);
export const inUnpaidOrder = (id: string, orderId: string) => new AppError('CBC.99003100', `resource ${id} is in the unpaid order ${orderId}: pay or cancel it first`);
export const noRenewedPeriod = (id: string) => new AppError('CBC.99003128', `resource ${id} has no renewed period that has not taken effect`);
export const operateAsWhole = (id: string, mainId: string) => new AppError('CBC.99003185', `resource ${id} is a child of ${mainId}: operate on the main resource, its children go with it`);
export const notMainResource = (id: string) => new AppError('CBC.30010036', `resource ${id} is not a main resource`);
export const periodInvalid = (msg: string) => new AppError('CBC.99000092', `period validation failed: ${msg}`);
export const expiredOrMissing = (id: string) => new AppError('CBC.99003016', `resource ${id} has expired and been deleted, or does not exist`, { expiredResourceIds: [id] });
export const tooLong = (id: string) => new AppError('CBC.99003154', `renewing resource ${id} would take it beyond the maximum duration`);
export const expiredOrFrozen = (id: string) => new AppError('CBC.99003602', `resource ${id} has expired or is frozen`);
export const autoRenewAlreadyCancelled = (id: string) => new AppError('CBC.99003605', `auto-renew of resource ${id} is already cancelled`);
