import { AppError } from '../../platform/errors.ts';

export const partnerNotFound = (id: string) => new AppError('PBSS.0404', `partner ${id} does not exist`);
export const accountNotFound = (id: string) => new AppError('PBSS.0404', `account ${id} does not exist`);
export const nameTaken = (name: string) => new AppError('PBSS.0409', `account name ${name} is already used`);
export const invalidInput = (msg: string) => new AppError('PBSS.0400', msg);
