import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns an ajv error into "field message", naming the field as the caller sent it. */
export function describeValidation(context: string | undefined, issue: ValidationIssue): string {
  const path = issue.instancePath
    .split('/')
    .filter(Boolean)
    .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`))
    .join('')
    .replace(/^\./, '');
  const missing = issue.params.missingProperty;
  const field = typeof missing === 'string' ? (path ? `${path}.${missing}` : missing) : path || context || 'body';
  if (issue.keyword === 'required') return `${field} is required`;
  if (issue.keyword === 'anyOf') return `${field} has the wrong type`;
  return `${field} ${issue.message ?? 'is invalid'}`;
}

export function errorBody(code: ErrorCode, msg: string, requestId: string, extra?: Record<string, unknown>) {
  // Gateway errors carry request_id, as Huawei's gateway does; business errors do not.
  const gateway = code.startsWith('APIG');
  return { error_code: code, error_msg: msg, ...(gateway ? { request_id: requestId } : {}), ...extra };
}

/** One place where errors become HTTP: typed codes through ERROR_STATUS, everything else a 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const send = (code: ErrorCode, msg: string, extra?: Record<string, unknown>) =>
      reply.code(ERROR_STATUS[code]).type('application/json;charset=UTF-8').send(errorBody(code, msg, request.id, extra));
    if (error instanceof AppError) return send(error.code, error.message, error.extra);
    const fe = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
    if (fe.validation && fe.validation.length > 0) {
      return send('CBC.0100', `invalid parameter: ${describeValidation(fe.validationContext, fe.validation[0]!)}`);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send('APIG.0201', 'Request entity too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send('PBSS.0415', 'unsupported media type');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send('CBC.0100', 'invalid parameter: body');
      default:
        break;
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send('CBC.0100', `invalid request: ${fe.message}`);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send('CBC.0999', 'internal error');
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody('PBSS.0404', `no route ${request.method} ${request.url.split('?')[0]}`, request.id));
  });
}
