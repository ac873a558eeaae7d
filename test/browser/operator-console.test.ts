/**
 * The operator console in a real browser: sign in, create a partner, issue it an access key whose
 * secret is shown once and signs requests, revoke it, move the sandbox clock, switch language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { signedFetch } from '../support/sdk.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { browserMissing, ensureConsoleBuilt, launchBrowser, openConsole, signIn, unexpectedErrors, waitForText, type ConsolePage } from './browser.ts';

describe('operator console', { skip: browserMissing ?? false }, () => {
  let t: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    c = await openConsole(browser, t.url);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong password with the API message, then signs the operator in', async () => {
    const { page } = c;
    await signInExpectingFailure(c);
    assert.match(await page.getByTestId('sign-in-error').innerText(), /The username or password is wrong\. \(IAM\.0101\)/);
    await signIn(page, demoActor('operator'));
    await waitForText(page.getByTestId('page-title'), 'Partners');
    await page.getByTestId('partners-table').getByRole('link', { name: 'demo-distributor' }).waitFor();
    assert.match(page.url(), /\/console\/partners$/);
  });

  it('creates a distributor and lands on its page', async () => {
    const { page } = c;
    await page.getByTestId('create-partner').click();
    await page.getByTestId('new-partner-name').fill('browser-distributor');
    await page.getByTestId('new-partner-display').fill('Browser Distributor Ltd.');
    await page.getByTestId('create-partner-submit').click();
    await page.getByText('Partner browser-distributor created').waitFor();
    await page.waitForURL(/\/console\/partners\/[^/]+$/);
    // The title names the partner once it is read.
    await waitForText(page.getByTestId('page-title'), 'browser-distributor · Browser Distributor Ltd.');
    const created = await t.deps.db.kysely.selectFrom('accounts').select(['id', 'kind']).where('name', '=', 'browser-distributor').executeTakeFirstOrThrow();
    assert.equal(created.kind, 'partner');
    assert.ok(page.url().endsWith(`/console/partners/${created.id}`));
  });

  it('issues an access key whose secret is shown once and signs requests; revoking it stops it', async () => {
    const { page } = c;
    await page.getByTestId('issue-key').click();
    await page.getByTestId('key-description').fill('integration');
    await page.getByTestId('issue-key-submit').click();
    const access = (await page.getByTestId('issued-access').innerText()).trim();
    const secret = (await page.getByTestId('issued-secret').innerText()).trim();
    assert.match(access, /^[A-Z0-9]{20}$/);
    assert.ok(secret.length >= 40);
    await page.getByTestId('secret-done').click();
    // Once closed, the secret is gone from the page; the list shows the key, never its secret.
    await page.getByTestId('issued-secret').waitFor({ state: 'detached' });
    await page.getByTestId('keys-table').getByText(access).waitFor();
    assert.equal(await page.getByText(secret).count(), 0);

    const domains = await signedFetch(t.url, { access, secret }, { method: 'GET', path: '/v3/auth/domains' });
    assert.equal(domains.status, 200, JSON.stringify(domains.body));
    assert.equal((domains.body.domains as { name: string }[])[0]?.name, 'browser-distributor');

    await page.getByTestId(`revoke-${access}`).click();
    await page.getByTestId('confirm-revoke').click();
    await page.getByText(`Access key ${access} revoked`).waitFor();
    await page.getByTestId('keys-table').getByText('Revoked').waitFor();
    const refused = await signedFetch(t.url, { access, secret }, { method: 'GET', path: '/v3/auth/domains' });
    assert.equal(refused.status, 401);
  });

  it('records a top-up with an exact amount', async () => {
    const { page } = c;
    await page.getByRole('tab', { name: 'Top-ups' }).click();
    await page.getByTestId('record-top-up').click();
    await page.getByTestId('money-amount').fill('1234567.8');
    await page.getByTestId('money-submit').click();
    await page.getByText('Top-up of ¥1,234,567.80 recorded').waitFor();
    await page.getByTestId('top-ups-table').getByText('¥1,234,567.80').waitFor();
  });

  it('advances the sandbox clock with progress and shows the new offset', async () => {
    const { page } = c;
    await page.getByTestId('nav').getByText('Sandbox clock').click();
    await page.getByTestId('clock-offset').waitFor();
    await waitForText(page.getByTestId('clock-offset'), '0 d 0 h 0 min');
    await page.getByTestId('advance-days').fill('3');
    await page.getByTestId('advance-clock').click();
    await page.getByText(/^Business time is now /).waitFor();
    await page.getByTestId('clock-offset').getByText(/^3 d 0 h \d+ min$/).waitFor();
  });

  it('switches to Chinese and back, everywhere on the page', async () => {
    const { page } = c;
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('page-title').getByText('沙箱时钟').waitFor();
    await page.getByTestId('nav').getByText('伙伴管理').waitFor();
    await waitForText(page.getByTestId('sign-out'), '退出登录');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByTestId('nav').getByText('Partners').waitFor();
  });

  it('signs out back to the sign-in form, and the token is gone', async () => {
    const { page } = c;
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('pbss.session')), null);
    assert.deepEqual(unexpectedErrors(c.errors), []);
  });
});

async function signInExpectingFailure({ page }: ConsolePage): Promise<void> {
  const operator = demoActor('operator');
  await page.getByTestId('user-name').fill(operator.userName);
  await page.getByTestId('account-name').fill(operator.accountName);
  await page.getByTestId('password').fill('not-the-password');
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-in-error').waitFor();
}
