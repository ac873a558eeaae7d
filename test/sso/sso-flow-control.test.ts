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
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get()).status);
    assert.ok(statuses.slice(0, 20).every((s) => s === 200), statuses.join(','));
    const refused = await get();
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { error_code: string }).error_code, 'CBC.0250');
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await get()).status, 200);
    // Flow control on these pages does not spill over onto the API's own buckets.
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });
});
