import { AppError } from '../../platform/errors.ts';

/** Errors of the bill reads. Every refusal of a request's shape is the generic parameter error. */

export const invalidParameter = (msg: string) => new AppError('CBC.0100', `invalid parameter: ${msg}`);
