/**
 * The partner center in a real browser, as the tier-1 distributor and its staff user: dashboard,
 * tier-2 resellers and their funds, creating a customer (with the SMS code), masked fields and the
 * eye toggle, allocating to a customer, the records, API errors, language and time zone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { browserMissing, callApi, ensureConsoleBuilt, launchBrowser, openConsole, signIn, tokenFor, unexpectedErrors, waitForText, type ConsolePage } from './browser.ts';

const PHONE = '13800138000';

describe('partner center', { skip: browserMissing ?? false }, () => {
  let t: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  let operatorToken: string;
  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    operatorToken = await tokenFor(t.url, demoActor('operator'));
    c = await openConsole(browser, t.url, { timezoneId: 'Asia/Shanghai' });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs the distributor in to a dashboard of exact balances, customers and resellers', async () => {
    const { page } = c;
    await signIn(page, demoActor('distributor'));
    await waitForText(page.getByTestId('page-title'), 'Dashboard');
    await page.getByTestId('balance-1').getByText('¥1,000,000.00', { exact: true }).waitFor();
    await page.getByTestId('customer-count').getByText('2').waitFor();
    await page.getByTestId('reseller-count').getByText('2').waitFor();
    // The resale customer holds nothing yet: it is under the low-balance threshold.
    await page.getByTestId('low-balances').getByText('demo-resale-customer').waitFor();
    assert.match(await page.getByTestId('who').innerText(), /demo-distributor\s+Distributor \(tier 1\)/);
  });

  it('lists the tier-2 resellers with their balances and allocates to one', async () => {
    const { page } = c;
    await page.getByTestId('nav').getByText('Tier-2 resellers').click();
    const table = page.getByTestId('resellers-table');
    const row = table.locator('tr', { hasText: 'demo-reseller-one' });
    await row.waitFor();
    await table.locator('tr', { hasText: 'demo-reseller-two' }).waitFor();
    await row.getByText('¥0.00').first().waitFor();
    await row.getByTestId('reseller-allocate').click();
    await page.getByTestId('funds-amount').fill('500.25');
    await page.getByTestId('funds-submit').click();
    await page.getByText(/^Allocated ¥500\.25 \(transfer \w+\)$/).waitFor();
    await row.getByText('¥500.25').first().waitFor();
  });

  it('creates a customer with a verified mobile number; its phone is masked until the eye is clicked', async () => {
    const { page } = c;
    await page.getByTestId('nav').getByText('Customers').click();
    await page.getByTestId('customers-table').getByText('demo-resale-customer').waitFor();
    await page.getByTestId('create-customer').click();
    await page.getByTestId('new-domain-name').fill('browser-customer');
    // The platform identifier is offered from the partner's existing customers.
    assert.equal(await page.getByTestId('new-xaccount-type').inputValue(), 'demo_platform');
    await page.getByTestId('new-xaccount-id').fill('x-browser-customer');
    await page.getByTestId('new-mobile').fill(PHONE);
    await page.getByTestId('send-code').click();
    await page.getByText(`Verification code sent to ${PHONE}`).waitFor();
    const outbox = await callApi<{ messages: { code: string }[] }>(t.url, operatorToken, 'GET', `/operator/v1/verification-outbox?mobile_phone=${PHONE}`);
    await page.getByTestId('new-code').fill(outbox.messages[0]!.code);
    await page.getByTestId('create-customer-submit').click();
    await page.getByText('Customer browser-customer created').waitFor();

    const row = page.getByTestId('customers-table').locator('tr', { hasText: 'browser-customer' });
    const phone = row.locator('.masked[data-kind="phone"] .masked-value');
    await waitForText(phone, '138****8000');
    await row.locator('.masked[data-kind="phone"] .masked-toggle').click();
    await waitForText(phone, PHONE);
    await row.locator('.masked[data-kind="phone"] .masked-toggle').click();
    await waitForText(phone, '138****8000');
  });

  it('reveals every masked e-mail at once with the switch', async () => {
    const { page } = c;
    const created = await t.deps.db.kysely.selectFrom('accounts').select('id').where('name', '=', 'browser-customer').executeTakeFirstOrThrow();
    await callApi(t.url, operatorToken, 'PATCH', `/operator/v1/customers/${created.id}`, { email: 'alice@example.com' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const email = page.getByTestId('customers-table').locator('tr', { hasText: 'browser-customer' }).locator('.masked[data-kind="email"] .masked-value');
    await email.getByText('a***@example.com').waitFor();
    await page.getByTestId('reveal-all').click();
    await email.getByText('alice@example.com').waitFor();
    await page.getByTestId('reveal-all').click();
    await email.getByText('a***@example.com').waitFor();
  });

  it('allocates to the customer; the balance, the records and the partner balance follow exactly', async () => {
    const { page } = c;
    const row = page.getByTestId('customers-table').locator('tr', { hasText: 'browser-customer' });
    await row.getByTestId('allocate').click();
    await page.getByTestId('funds-amount').fill('12.3');
    await page.getByTestId('funds-submit').click();
    await page.getByText(/^Allocated ¥12\.30 \(transfer \w+\)$/).waitFor();
    await row.getByText('¥12.30').waitFor();

    await page.getByTestId('nav').getByText('Funds').click();
    // 1,000,000.00 − 500.25 (reseller) − 12.30 (customer)
    await page.getByTestId('balance-1').getByText('¥999,487.45', { exact: true }).waitFor();
    const record = page.getByTestId('adjust-records').locator('tr', { hasText: 'browser-customer' });
    await record.getByText('Allocated').waitFor();
    await record.getByText('¥12.30').waitFor();
  });

  it("shows the API's own message when a move is refused, and keeps the dialog open", async () => {
    const { page } = c;
    await page.getByTestId('open-reclaim').click();
    await page.getByTestId('customer-picker').click();
    await page.keyboard.type('browser-cust');
    await page.locator('.ant-select-item-option', { hasText: 'browser-customer' }).click();
    await page.getByTestId('funds-amount').fill('99999');
    await page.getByTestId('funds-submit').click();
    const alert = page.locator('.ant-modal').getByTestId('api-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /\((CBC|PBSS)\.\w+\)/);
    await page.locator('.ant-modal').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
  });

  it('shows dates in the chosen time zone', async () => {
    const { page } = c;
    await page.getByTestId('nav').getByText('Customers').click();
    const associated = await t.deps.db.kysely.selectFrom('customers').innerJoin('accounts', 'accounts.id', 'customers.id').select('customers.associated_at').where('accounts.name', '=', 'demo-resale-customer').executeTakeFirstOrThrow();
    const at = new Date(associated.associated_at);
    const shown = (tz: string) =>
      new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
    const row = page.getByTestId('customers-table').locator('tr', { hasText: 'demo-resale-customer' });
    await row.getByText(shown('Asia/Shanghai')).waitFor();
    await page.getByTestId('time-zone').click();
    await page.keyboard.type('America/New_York');
    await page.locator('.ant-select-item-option', { hasText: 'America/New_York' }).first().click();
    await row.getByText(shown('America/New_York')).waitFor();
  });

  it('switches the whole console to Chinese', async () => {
    const { page } = c;
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('page-title').getByText('客户管理').waitFor();
    await page.getByTestId('customers-table').getByRole('columnheader', { name: '手机号' }).waitFor();
    await page.getByTestId('nav').getByText('资金管理').waitFor();
    assert.match(await page.getByTestId('who').innerText(), /总经销商/);
    await page.getByTestId('language-switch').getByText('English').click();
    assert.deepEqual(unexpectedErrors(c.errors), []);
  });

  for (const key of ['reseller_one', 'solution_provider']) {
    it(`gives ${key} a partner center without the tier-2 reseller pages, and every call it makes is allowed`, async () => {
      const other = await openConsole(browser, t.url);
      try {
        await signIn(other.page, demoActor(key));
        await other.page.getByTestId('balance-1').waitFor();
        await other.page.getByTestId('customer-count').waitFor();
        assert.equal(await other.page.getByTestId('nav').getByText('Tier-2 resellers').count(), 0);
        for (const nav of ['Customers', 'Funds']) {
          await other.page.getByTestId('nav').getByText(nav).click();
          await other.page.getByTestId('page-title').getByText(nav).waitFor();
          await other.page.locator('.ant-table-tbody').first().waitFor();
        }
        await other.page.getByRole('tab', { name: 'Account change records' }).click();
        await other.page.getByTestId('change-records').waitFor();
        await other.page.waitForLoadState('networkidle');
        assert.equal(await other.page.getByTestId('api-error').count(), 0);
        assert.deepEqual(unexpectedErrors(other.errors), []);
      } finally {
        await other.context.close();
      }
    });
  }

  it("gives the distributor's staff user the same partner center", async () => {
    const staff = await openConsole(browser, t.url);
    try {
      await signIn(staff.page, demoActor('partner_operator'));
      assert.match(await staff.page.getByTestId('who').innerText(), /demo-ops @ demo-distributor\s+Partner staff/);
      await staff.page.getByTestId('nav').getByText('Tier-2 resellers').click();
      await staff.page.getByTestId('resellers-table').getByText('demo-reseller-one').waitFor();
      assert.deepEqual(unexpectedErrors(staff.errors), []);
    } finally {
      await staff.context.close();
    }
  });
});
