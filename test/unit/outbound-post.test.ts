import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isPrivateAddress, OutboundRefused, postOutbound } from '../../src/platform/http/outbound-post.ts';

describe('outbound calls to partner-supplied URLs (SSRF guard)', () => {
  let server: http.Server;
  let port: number;
  const received: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(req.url === '/moved' ? 302 : 204, req.url === '/moved' ? { location: 'http://127.0.0.1:1/' } : {}).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('knows the private, loopback, link-local and unique-local ranges, and IPv4-mapped forms', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', 'not-an-ip'])
      assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(a), false, a);
  });

  it('in production, refuses a private address, by literal or by name, and sends nothing', async () => {
    const policy = { mode: 'production' as const };
    const before = received.length;
    await assert.rejects(postOutbound(`http://127.0.0.1:${port}/hook`, { headers: {}, body: 'x', timeoutMs: 2000, policy }), OutboundRefused);
    await assert.rejects(postOutbound(`http://localhost:${port}/hook`, { headers: {}, body: 'x', timeoutMs: 2000, policy }), /private address/);
    await assert.rejects(postOutbound(`http://[::ffff:127.0.0.1]:${port}/hook`, { headers: {}, body: 'x', timeoutMs: 2000, policy }), OutboundRefused);
    assert.equal(received.length, before);
  });

  it('in production with OUTBOUND_ALLOW_PRIVATE, and in the sandbox, calls it; never follows a redirect', async () => {
    assert.equal(await postOutbound(`http://127.0.0.1:${port}/hook`, { headers: {}, body: 'a', timeoutMs: 2000, policy: { mode: 'production', allowPrivate: true } }), 204);
    assert.equal(await postOutbound(`http://localhost:${port}/hook`, { headers: { 'content-type': 'text/plain' }, body: 'b', timeoutMs: 2000, policy: { mode: 'sandbox' } }), 204);
    assert.equal(await postOutbound(`http://127.0.0.1:${port}/moved`, { headers: {}, body: 'c', timeoutMs: 2000, policy: { mode: 'sandbox' } }), 302);
    assert.deepEqual(received.slice(-3), ['a', 'b', 'c']);
  });
});
