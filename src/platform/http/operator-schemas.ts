import { Type } from '@sinclair/typebox';

const ErrorBody = Type.Object({ error_code: Type.String(), error_msg: Type.String(), request_id: Type.Optional(Type.String()) });

/** Error responses every operator-plane route documents. */
export const OperatorError = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
