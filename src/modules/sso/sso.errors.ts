import { AppError } from '../../platform/errors.ts';

/** Errors of SSO from partner platforms. Huawei publishes no codes for these pages; ours are PBSS.30xx. */

export const metadataRefused = (why: string) => new AppError('PBSS.3001', `IdP metadata refused: ${why}`);
/**
 * Every refused SAML response answers the same, whatever the reason, so that the answer teaches a
 * forger nothing; the reason goes to the log.
 */
export const responseRefused = () => new AppError('PBSS.3002', 'the SAML response was refused');
export const noAccessConfig = (xAccountType: string) => new AppError('PBSS.3003', `no SSO access configuration for platform ${xAccountType}`);
export const accessConfigMissing = () => new AppError('PBSS.3003', 'no SSO access configuration yet: upload the IdP metadata first');
export const platformIdTaken = (id: string) => new AppError('PBSS.0409', `platform identifier ${id} is taken`);
export const platformIdFixed = () => new AppError('CBC.0100', 'invalid parameter: xaccount_type cannot change once configured (bindings use it)');
export const invalidParam = (field: string, why: string) => new AppError('CBC.0100', `invalid parameter: ${field} ${why}`);
export const partnersOnly = () => new AppError('CBC.0151', 'access denied: SSO access configuration is for partners');
export const partnerNotFound = (id: string) => new AppError('PBSS.0404', `no partner ${id}`);
export const handleGone = () => new AppError('PBSS.0410', 'this sign-in link was used or has expired: sign in from the partner platform again');
export const notYourCustomer = () => new AppError('IAM.0101', 'The username or password is wrong.');
