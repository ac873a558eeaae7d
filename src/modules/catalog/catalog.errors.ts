import { AppError } from '../../platform/errors.ts';

/** A catalog document (or CSV table) that cannot be imported: nothing of it is stored. */
export const invalidCatalog = (msg: string) => new AppError('PBSS.0400', `invalid catalog: ${msg}`);

export const invalidParameter = (msg: string) => new AppError('CBC.0100', `invalid parameter: ${msg}`);
