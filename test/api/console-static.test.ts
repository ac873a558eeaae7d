/**
 * /console serves the web consoles' build: files as they are (hashed assets cached for good),
 * index.html for client-side routes, a 404 for a missing asset, nothing outside the build or
 * hidden in it, and a page saying how to build it when there is no build.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerConsole } from '../../src/platform/http/console.ts';

async function serve(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  await registerConsole(app, root);
  await app.ready();
  return app;
}

describe('console static serving', () => {
  let root: string;
  let app: FastifyInstance;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-console-'));
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, 'favicon.svg'), '<svg/>');
    fs.writeFileSync(path.join(root, '.build-stamp.json'), '{}');
    app = await serve(root);
  });
  after(async () => {
    await app.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers index.html, revalidated, under a content security policy, for the root and every route', async () => {
    for (const url of ['/console', '/console/', '/console/customers', '/console/partners/d0000000000000000000000000000002']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.equal(res.body, '<!doctype html><title>console</title>');
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
    }
  });

  it('serves files as they are; hashed assets are immutable', async () => {
    const js = await app.inject({ url: '/console/assets/app-abc123.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.body, 'console.log(1)');
    assert.match(js.headers['cache-control'] as string, /max-age=31536000.*immutable/);
    const icon = await app.inject({ url: '/console/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.equal(icon.body, '<svg/>');
  });

  it('answers 404 for a missing asset, and never serves dotfiles or what lies outside the build', async () => {
    assert.equal((await app.inject({ url: '/console/assets/gone-0000.js' })).statusCode, 404);
    const stamp = await app.inject({ url: '/console/.build-stamp.json' });
    assert.notEqual(stamp.body, '{}');
    const outside = await app.inject({ url: '/console/../package.json' });
    assert.ok(!outside.body.includes('"name"'));
  });

  it('says how to build the console when there is no build', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pbss-console-empty-'));
    const bare = await serve(empty);
    try {
      const res = await bare.inject({ url: '/console/customers' });
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /npm run build:web/);
    } finally {
      await bare.close();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
