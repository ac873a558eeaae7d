import { AppError } from '../../platform/errors.ts';

/**
 * The work-order API's errors, with the OSM service's codes (support.huaweicloud.com/api-ticket,
 * "错误码"). Huawei documents these business codes inside HTTP 200; here they are 4xx (see
 * ERROR_STATUS) so that the SDKs raise them as errors instead of returning them as results.
 */
export const invalidParam = (msg: string) => new AppError('OSM.01010001', `Param validation failed: ${msg}`);
export const noPermission = (msg: string) => new AppError('OSM.01010002', `No operation permission: ${msg}`);
export const pressedTooOften = () => new AppError('OSM.01010004', 'You have asked for the order. Please ask for it later.');
export const dailyUploadExceeded = () => new AppError('OSM.01010005', 'Uploaded accessory size exceeded limit today.');
export const severityNotFound = (id: string) => new AppError('OSM.01010006', `Severity Id does not exist: ${id}`);
export const unknownOperation = (id: string) => new AppError('OSM.01010013', `The operation must be one of cancel, close, press, delete (or a handler's accept, feedback, resolve, invalidate, transfer): ${id}`);
/** Also the answer for a ticket the caller may not see, so that the two cannot be told apart. */
export const caseNotFound = (id: string) => new AppError('OSM.01010015', `This case does not exist: ${id}`);
/** An attachment that does not exist, is not the caller's, or is already used: indistinguishable. */
export const accessoryNotFound = (id: string) => new AppError('OSM.01010001', `Param validation failed: accessory ${id} does not exist or is already used`);
/** The ticket's status does not allow the action (409: retrying later may succeed). */
export const statusConflict = (action: string, status: number) =>
  new AppError('PBSS.0409', `this case's status (${status}) does not allow ${action}`);
