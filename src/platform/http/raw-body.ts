import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Bodies larger than this are refused with 413, as Huawei's gateway does for signed requests. */
export const BODY_LIMIT_BYTES = 12 * 1024 * 1024;

const RAW = Symbol('rawBody');
type WithRaw = FastifyRequest & { [RAW]?: Buffer };

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
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (req, body, done) => {
    const buf = body as Buffer;
    (req as WithRaw)[RAW] = buf;
    if (buf.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = utf8.decode(buf);
    } catch {
      return done(new AppError('CBC.0100', 'invalid parameter: body is not valid UTF-8'), undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('CBC.0100', 'invalid parameter: body is not valid JSON'), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (req, body, done) => {
    (req as WithRaw)[RAW] = body as Buffer;
    done(null, undefined);
  });
}
