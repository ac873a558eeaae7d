import { AppError } from '../../platform/errors.ts';

/** 400 CBC.0100 naming the field as the caller sent it. */
export const invalidParam = (field: string, problem: string) => new AppError('CBC.0100', `invalid parameter: ${field} ${problem}`);

export const notPartnersCustomer = () => new AppError('CBC.99000035', "the customer is not one of the partner's customers");
export const mobileInvalid = () => new AppError('CBC.5017', 'invalid parameter: mobile_phone must be a mainland China mobile number (11 digits, starting with 1)');
export const tooManyAccountsOnMobile = () => new AppError('CBC.99000030', 'too many accounts are registered with this mobile number');
export const loginNameInvalid = (why: string) => new AppError('CBC.99000031', `invalid parameter: domain_name ${why}`);
export const loginNameTaken = () => new AppError('CBC.99000038', 'the login name already exists');
export const passwordInvalid = (why: string) => new AppError('CBC.99000036', `invalid parameter: password ${why}`);
export const xaccountTaken = () => new AppError('CBC.99000039', 'xaccount_id is already used on this partner platform');
export const codeExpired = () => new AppError('CBC.99004008', 'the verification code has expired');
export const codeLocked = () => new AppError('CBC.99004009', 'the verification code failed more than 3 times; send a new one');
export const codeWrong = () => new AppError('CBC.99004010', 'the verification code is wrong');
export const codeTooFrequent = () => new AppError('CBC.99004015', 'too many verification codes for this mobile number: at most 15 an hour and 60 a day');
export const attachmentTooLarge = (field: string) => new AppError('CBC.99000099', `${field}: the attachment is larger than 10 MB`);
export const attachmentFormat = (field: string, why: string) => new AppError('CBC.99000100', `${field}: ${why}`);
export const alreadyVerifiedOrInReview = () => new AppError('CBC.99007188', 'the customer is already verified, or a verification is in review');
export const realnameAttemptsExceeded = (max: number) =>
  new AppError('CBC.99007191', `too many real-name applications for this customer: at most ${max} in 24 hours; try again later`);
export const preCheckFailed = (why: string) => new AppError('CBC.99007004', why);
export const reviewNotFound = (id: string) => new AppError('PBSS.0404', `no real-name application ${id}`);
export const reviewAlreadyDecided = (id: string) => new AppError('PBSS.0409', `real-name application ${id} is already decided`);
export const tooManyAddresses = (max: number) => new AppError('PBSS.2101', `a customer keeps at most ${max} postal addresses`);
export const addressNotFound = (id: string) => new AppError('PBSS.0404', `no postal address ${id}`);
export const linkGone = () => new AppError('PBSS.0410', 'this link was already used or has expired');
