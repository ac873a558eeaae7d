import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build:web` writes the consoles (web/dist). */
export const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

// The bundle loads only its own scripts; antd writes its styles inline (CSS-in-JS).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>partner-bss</title>' +
  '<p>The console is not built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it when missing).</p>';

/**
 * Serves the web consoles (a single-page application) at /console: files of web/dist as they are,
 * and index.html for every other path below /console so that client-side routes survive a reload.
 * Hashed assets are cached for a year; index.html is revalidated on every load.
 */
export async function registerConsole(app: FastifyInstance, root: string = CONSOLE_DIST): Promise<void> {
  // Encapsulated, so that reply.sendFile here does not collide with the one /docs registers.
  await app.register(async (scope) => routes(scope, root));
}

async function routes(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply) => {
    reply.header('Content-Security-Policy', CSP).header('X-Content-Type-Options', 'nosniff');
    if (!fs.existsSync(path.join(root, 'index.html'))) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };

  app.get('/console', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  app.get<{ Params: { '*': string } }>('/console/*', { schema: { hide: true } }, async (request, reply) => {
    const relative = request.params['*'];
    const file = path.resolve(root, relative);
    // The app's path check already refuses `..` and encoded slashes; this keeps the root a root
    // anyway, and dotfiles (the build stamp) private.
    const inside = file.startsWith(root + path.sep) && !relative.split('/').some((segment) => segment.startsWith('.'));
    if (inside && relative !== 'index.html' && isFile(file)) {
      const hashed = relative.startsWith('assets/');
      reply.header('X-Content-Type-Options', 'nosniff');
      return reply.sendFile(relative, root, { maxAge: hashed ? 365 * 24 * 3600 * 1000 : 0, immutable: hashed });
    }
    // A missing asset is a 404, not the page: a stale index must not get HTML for a script.
    if (relative.startsWith('assets/')) return reply.code(404).type('text/plain').send('not found');
    return sendIndex(reply);
  });
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
