import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Bodies larger than this are refused with 413, as Huawei's gateway does for signed requests. */
export const BODY_LIMIT_BYTES = 12 * 1024 * 1024;

const RAW = Symbol('rawBody');
const BODY_ERROR = Symbol('bodyError');
type WithRaw = FastifyRequest & { [RAW]?: Buffer; [BODY_ERROR]?: AppError };

export function rawBodyOf(request: FastifyRequest): Buffer {
  return (request as WithRaw)[RAW] ?? Buffer.alloc(0);
}

export function splitUrl(url: string): { path: string; query: string } {
  const i = url.indexOf('?');
  return i < 0 ? { path: url, query: '' } : { path: url.slice(0, i), query: url.slice(i + 1) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Keeps the exact bytes of every body (the signature covers them) and parses JSON from them.
 * Other media types are kept raw for the routes that accept them.
 *
 * A body that is not UTF-8 JSON is refused only after the route's own preValidation hooks (where
 * authentication runs): otherwise a signed request with one body byte flipped would get 400 from
 * the parser instead of 401 from the signature check, and would not count toward the AK lock.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const defer = (req: FastifyRequest, error: AppError, done: (err: null, body: undefined) => void) => {
    (req as WithRaw)[BODY_ERROR] = error;
    done(null, undefined);
  };
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (req, body, done) => {
    const buf = body as Buffer;
    (req as WithRaw)[RAW] = buf;
    if (buf.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = utf8.decode(buf);
    } catch {
      return defer(req, new AppError('CBC.0100', 'invalid parameter: body is not valid UTF-8'), done);
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      defer(req, new AppError('CBC.0100', 'invalid parameter: body is not valid JSON'), done);
    }
  });
  // Runs last among each route's preValidation hooks (route hooks follow the global ones, and
  // this appends to the route's own), so after authentication and before schema validation.
  app.addHook('onRoute', (route) => {
    const own = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
    route.preValidation = [
      ...own,
      async (request: FastifyRequest) => {
        const error = (request as WithRaw)[BODY_ERROR];
        if (error) throw error;
      },
    ];
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (req, body, done) => {
    (req as WithRaw)[RAW] = body as Buffer;
    done(null, undefined);
  });
}
