import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, credsOf } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';

describe('the server answers the official SDK', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('lists a distributor\'s tier-2 resellers for a request signed by the official signer', async () => {
    const res = await bssClient(t.url, credsOf(demoActor('distributor'))).call('list_indirect_partners', { body: { limit: 10 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.count, 2);
    const names = (res.body.indirect_partners as Array<{ account_name: string }>).map((p) => p.account_name).sort();
    assert.deepEqual(names, ['demo-reseller-one', 'demo-reseller-two']);
  });

  it('accepts an operation without a body when its body has no required field', async () => {
    const res = await bssClient(t.url, credsOf(demoActor('distributor'))).call('list_indirect_partners', { body: undefined });
    assert.equal(res.status, 200);
  });

  it('answers health and readiness', async () => {
    assert.equal((await fetch(`${t.url}/healthz`)).status, 200);
    const ready = await (await fetch(`${t.url}/readyz`)).json();
    assert.equal(ready.status, 'ready');
  });
});
