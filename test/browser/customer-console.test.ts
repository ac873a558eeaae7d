/**
 * The customer console in a real browser: a resale customer signs in, reads the balance its
 * partner allocated (formatted exactly) and its real-name status, meets the API's own message
 * where a query is not available to it, and signs out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { browserMissing, callApi, ensureConsoleBuilt, launchBrowser, openConsole, signIn, tokenFor, unexpectedErrors, waitForText, type ConsolePage } from './browser.ts';

describe('customer console', { skip: browserMissing ?? false }, () => {
  let t: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    // The partner allocates an amount whose formatting a float would get wrong.
    const partner = await tokenFor(t.url, demoActor('distributor'));
    await callApi(t.url, partner, 'POST', '/v2/accounts/partner-accounts/adjust-amount', { customer_id: demoActor('resale_customer').accountId, amount: 123456.78 });
    c = await openConsole(browser, t.url, { locale: 'zh-CN' });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens in the browser language and signs the customer in to its balances', async () => {
    const { page } = c;
    // antd spaces two-character Chinese button labels (登 录).
    await page.getByTestId('sign-in').getByText(/^登\s?录$/).waitFor();
    await signIn(page, demoActor('resale_customer'));
    await waitForText(page.getByTestId('page-title'), '账户余额');
    await page.getByTestId('balance-1').getByText('¥123,456.78', { exact: true }).waitFor();
    await page.getByTestId('realname-status').getByText('未实名').waitFor();
    assert.match(await page.getByTestId('who').innerText(), /demo-resale-customer\s+客户/);
  });

  it("shows the API's message where a query is not available to a resale customer", async () => {
    const { page } = c;
    await page.getByTestId('nav').getByText('收支明细').click();
    const alert = page.getByTestId('api-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /not available to a partner's resale customers \(CBC\.99000084\)/);
  });

  it('keeps the session across a reload, and signing out ends it', async () => {
    const { page } = c;
    await page.reload();
    await page.getByTestId('page-title').getByText('收支明细').waitFor();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('pbss.session')), null);
    assert.deepEqual(unexpectedErrors(c.errors), []);
  });

  it('returns to the sign-in form when the token stops working', async () => {
    const { page } = c;
    await signIn(page, demoActor('resale_customer'));
    await t.deps.db.kysely.deleteFrom('tokens').execute();
    await page.getByTestId('nav').getByText('账户余额').click();
    await page.getByText('会话已过期，请重新登录。').waitFor();
  });
});
