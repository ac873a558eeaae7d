import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

/** The public SSO pages have flow control per client address, since no signature or token guards them. */
describe('SSO pages: flow control per client address', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ rateLimitPerSecond: 10 });
  });
  after(async () => app.close());

  it('answers 429 CBC.0250 to a burst from one address, and serves again after a pause', async () => {
    const get = () => fetch(`${app.url}/authui/saml/metadata.xml?unsigned=true`);
    // All at once, so that the bucket (20 a second) cannot refill in between however slow the machine.
    const answers = await Promise.all(Array.from({ length: 80 }, get));
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.filter((s) => s === 200).length >= 20, statuses.join(','));
    const refused = answers.filter((a) => a.status !== 200);
    assert.ok(refused.length > 0, 'some of the burst is refused');
    for (const r of refused) {
      assert.equal(r.status, 429);
      assert.equal(((await r.json()) as { error_code: string }).error_code, 'CBC.0250');
    }
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await get()).status, 200);
    // Flow control on these pages does not spill over onto the API's own buckets.
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  it('behind a trusted proxy, tells clients apart by X-Forwarded-For', async () => {
    const proxied = await startTestApp({ rateLimitPerSecond: 10, trustProxy: '127.0.0.1' });
    try {
      const get = (client: string) => fetch(`${proxied.url}/authui/saml/metadata.xml?unsigned=true`, { headers: { 'X-Forwarded-For': client } });
      const burst = await Promise.all(Array.from({ length: 80 }, () => get('203.0.113.7')));
      assert.ok(burst.some((r) => r.status === 429), 'one client over its limit');
      assert.equal((await get('203.0.113.8')).status, 200, 'another client is not held back by it');
    } finally {
      await proxied.close();
    }
  });
});
