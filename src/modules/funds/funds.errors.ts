import { AppError } from '../../platform/errors.ts';

/** Errors of the funds operations, with the partner API's codes (brief §2.2, §3). */

/** A customer that is not the funding partner's, or does not exist: the two answer alike. */
export const notASubCustomer = (customerId: string) =>
  new AppError('CBC.99000035', `customer ${customerId} is not a sub-customer of this partner`);

export const referralCustomer = (customerId: string) =>
  new AppError('CBC.5021', `customer ${customerId} is a referral (consulting-sale) customer: its account cannot be funded or reclaimed by a partner`);

export const insufficientBalance = (whose: string) => new AppError('CBC.99005003', `insufficient balance: ${whose}`);

export const notForResaleCustomers = () =>
  new AppError('CBC.99000084', "this query is not available to a partner's resale customers");

export const invalidParameter = (msg: string) => new AppError('CBC.0100', `invalid parameter: ${msg}`);

export const partnerNotFound = (id: string) => new AppError('PBSS.0404', `partner ${id} does not exist`);
export const operatorInvalid = (msg: string) => new AppError('PBSS.0400', msg);
