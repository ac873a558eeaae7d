/**
 * The main flows across the three consoles, in a real browser: a partner creates a customer,
 * allocates funds and issues it a coupon; the customer buys a yearly/monthly product and pays the
 * order with the coupon; the partner reads the order and the bill record of the payment; the
 * operator approves a real-name review (the name masked until the eye is clicked); a customer opens
 * a ticket with an attachment, the operator answers it, the customer closes and rates it.
 *
 * SCREENSHOTS=1 also writes the pages it passes through to docs/screenshots/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { creds, upload, PNG, JPEG } from '../customers/helpers.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { browserMissing, callApi, ensureConsoleBuilt, launchBrowser, openConsole, signIn, tokenFor, unexpectedErrors, waitForText, type ConsolePage } from './browser.ts';

const CUSTOMER = 'flow-customer';
const PASSWORD = 'Flow#Customer2026';
const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

async function snap(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** Opens an antd select by its test id and picks the option whose label starts with the text. */
async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  try {
    // The option's title is its label; a dropdown closing after the last pick may still be in the page.
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title^="${option}"]`).first().click();
  } catch (e) {
    if (process.env.DEBUG_SHOTS) await page.screenshot({ path: `/tmp/fail-${testId}.png` });
    throw e;
  }
}

/** Types into a searching select (the customer pickers) and picks the match. */
async function search(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

describe('console flows', { skip: browserMissing ?? false }, () => {
  let t: TestApp;
  let browser: Browser;
  let partner: ConsolePage;
  let customer: ConsolePage;
  let operator: ConsolePage;
  let customerId = '';
  let orderId = '';
  let ticketId = '';
  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    partner = await openConsole(browser, t.url);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the partner creates a customer, allocates funds to it and issues it a coupon from its quota', async () => {
    const { page } = partner;
    await signIn(page, demoActor('distributor'));
    await page.getByTestId('nav').getByText('Customers').click();
    await page.getByTestId('create-customer').click();
    await page.getByTestId('new-domain-name').fill(CUSTOMER);
    await page.getByTestId('new-xaccount-id').fill(`x-${CUSTOMER}`);
    await page.getByTestId('new-password').fill(PASSWORD);
    await page.getByTestId('create-customer-submit').click();
    await page.getByText(`Customer ${CUSTOMER} created`).waitFor();
    customerId = (await t.deps.db.kysely.selectFrom('accounts').select('id').where('name', '=', CUSTOMER).executeTakeFirstOrThrow()).id;

    const row = page.getByTestId('customers-table').locator('tr', { hasText: CUSTOMER });
    await row.getByTestId('allocate').click();
    await page.getByTestId('funds-amount').fill('1000');
    await page.getByTestId('funds-submit').click();
    await page.getByText(/^Allocated ¥1,000\.00 \(transfer \w+\)$/).waitFor();
    await row.getByText('¥1,000.00').waitFor();

    await page.getByTestId('nav').getByText('Coupons & quotas').click();
    // The demo seed grants a voucher quota of 100,000.00.
    await page.getByTestId('quotas-table').getByText('¥100,000.00').first().waitFor();
    await snap(page, 'partner-coupons');
    await page.getByTestId('quotas-table').getByTestId('issue-from-quota').first().click();
    await search(page, 'issue-customers', CUSTOMER);
    await page.keyboard.press('Escape');
    await page.getByTestId('issue-face-value').fill('12.5');
    await page.getByTestId('issue-coupons-submit').click();
    await page.getByText('1 coupon(s) of ¥12.50 issued').waitFor();
    await page.getByRole('tab', { name: 'Issued coupons' }).click();
    await page.getByTestId('issued-coupons').locator('tr', { hasText: customerId }).getByText('¥12.50').first().waitFor();
  });

  it('the customer buys a product, sees its price, and pays the order with the coupon', async () => {
    customer = await openConsole(browser, t.url);
    const { page } = customer;
    await signIn(page, { ...demoActor('resale_customer'), userName: CUSTOMER, accountName: CUSTOMER }, PASSWORD);
    await page.getByTestId('balance-1').getByText('¥1,000.00', { exact: true }).waitFor();
    await page.getByTestId('nav').getByText('Orders').click();
    await page.getByTestId('buy').click();
    await choose(page, 'buy-service', 'Elastic Cloud Server');
    await choose(page, 'buy-resource', 'Cloud server');
    await choose(page, 'buy-region', 'CN North-Beijing4');
    await search(page, 'buy-spec', 's6.small.1.linux');
    await page.getByTestId('buy-quote').click();
    // s6.small.1.linux: 42.00 a month.
    await waitForText(page.getByTestId('buy-official'), '¥42.00');
    await snap(page, 'customer-buy');
    await page.getByTestId('buy-submit').click();
    await page.getByText(/^Order \w+ placed: pay it within 7 days$/).waitFor();

    // The pay dialog opens on the new order with the best offer chosen: the demo partner's 8% off.
    await waitForText(page.getByTestId('pay-amount'), '¥38.64');
    await page.getByTestId('pay-coupons').getByText(/Voucher · Balance ¥12\.50/).click();
    await snap(page, 'customer-pay');
    await page.getByTestId('pay-submit').click();
    await page.getByText(/^Order \w+ paid$/).waitFor();
    const row = page.getByTestId('orders-table').locator('tbody tr.ant-table-row').first();
    await row.getByTestId('order-status').getByText('Completed').waitFor();
    orderId = (await row.getByTestId('open-order').innerText()).trim();
    assert.match(orderId, /^CS/);

    // 38.64 − 12.50 from the coupon = 26.14 from cash.
    await page.getByTestId('nav').getByText('Balances').click();
    await page.getByTestId('balance-1').getByText('¥973.86', { exact: true }).waitFor();
    await page.getByTestId('nav').getByText('Resources').click();
    const resource = page.getByTestId('resources-table').locator('tbody tr.ant-table-row').first();
    await resource.getByTestId('resource-status').getByText('In use').waitFor();
    await snap(page, 'customer-resources');
    await page.getByTestId('nav').getByText('Bills').click();
    await page.getByTestId('bill-totals').getByText('¥38.64').first().waitFor();
    await snap(page, 'customer-bills');
    await page.getByRole('tab', { name: 'Fee records' }).click();
    await page.getByTestId('bill-records').getByText(orderId).waitFor();
    assert.deepEqual(unexpectedErrors(customer.errors), []);
  });

  it("the partner reads the customer's order and the bill record of its payment", async () => {
    const { page } = partner;
    await page.getByTestId('nav').getByText('Orders').click();
    await page.getByTestId('orders-table').getByText(orderId).click();
    await waitForText(page.getByTestId('order-payable'), '¥38.64');
    await page.getByTestId('order-lines').getByText('Elastic Cloud Server').waitFor();
    await snap(page, 'partner-orders');
    await page.keyboard.press('Escape');

    await page.getByTestId('nav').getByText('Bills').click();
    await page.getByTestId('bill-sums').locator('tr', { hasText: customerId }).waitFor();
    await search(page, 'bill-customer', CUSTOMER);
    const record = page.getByTestId('bill-records').locator('tr', { hasText: orderId });
    await record.waitFor();
    // The record says how it was paid: 42.00 listed, 26.14 cash, 12.50 coupon.
    await record.getByText('¥42.00').waitFor();
    await record.getByText('¥26.14').waitFor();
    await record.getByText('¥12.50').waitFor();
    await snap(page, 'partner-bills');

    // The dashboard's consumption trend and top consumers read the same bills.
    await page.getByTestId('nav').getByText('Dashboard').click();
    await page.getByTestId('consumption-chart').waitFor();
    await page.getByTestId('top-consumers-chart').getByText(CUSTOMER).waitFor();
    await snap(page, 'partner-dashboard-consumption');
    assert.deepEqual(unexpectedErrors(partner.errors), []);
  });

  it('the operator approves a real-name review; the name is masked until the eye is clicked', async () => {
    const token = await tokenFor(t.url, demoActor('distributor'));
    const files: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const file = `flow-${customerId}/id${i}.${i === 1 ? 'png' : 'jpg'}`;
      const res = await upload(t, creds('distributor'), file, i === 1 ? PNG : JPEG, i === 1 ? 'image/png' : 'image/jpeg');
      assert.equal(res.status, 201, JSON.stringify(res.body));
      files.push(file);
    }
    await callApi(t.url, token, 'POST', '/v2/customers/realname-auths/individual', {
      customer_id: customerId,
      identify_type: 0,
      verified_type: 3,
      verified_file_url: files,
      name: 'Li Si',
      verified_number: 'E12345678',
      change_type: -1,
      xaccount_type: 'demo_platform',
    });

    operator = await openConsole(browser, t.url);
    const { page } = operator;
    await signIn(page, demoActor('operator'));
    await page.getByTestId('nav').getByText('Real-name reviews').click();
    const row = page.locator('tr', { hasText: customerId });
    const name = row.locator('.masked[data-kind="name"] .masked-value');
    await waitForText(name, 'L***i');
    await row.locator('.masked-toggle').click();
    await waitForText(name, 'Li Si');
    await row.getByTestId('open-review').click();
    await page.getByTestId('approve-review').click();
    await page.getByText('Application approved').waitFor();
    // The customer reads its new status in its console.
    await customer.page.getByTestId('nav').getByText('Balances').click();
    await customer.page.getByTestId('realname-status').getByText('Verified').waitFor();
  });

  it('the customer opens a ticket with an attachment; the operator answers; the customer closes and rates it', async () => {
    const c = customer.page;
    await c.getByTestId('nav').getByText('Tickets').click();
    await c.getByTestId('open-ticket').click();
    await choose(c, 'ticket-product', 'Elastic Cloud Server');
    await choose(c, 'ticket-problem', 'How-to question');
    await c.getByTestId('ticket-description').fill('How do I resize my server?');
    await c.locator('.ant-modal input[type=file]').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: PNG });
    await c.getByTestId('attached-file').getByText('screen.png').waitFor();
    await c.getByTestId('ticket-submit').click();
    await c.getByText(/^Ticket \S+ opened$/).waitFor();
    await c.waitForURL(/\/console\/tickets\/[^/]+$/);
    ticketId = decodeURIComponent(c.url().split('/').pop() ?? '');
    await waitForText(c.getByTestId('ticket-status'), 'To be accepted');
    await c.getByTestId('ticket-messages').getByText('screen.png').waitFor();

    const o = operator.page;
    await o.getByTestId('nav').getByText('Ticket queue').click();
    await o.getByTestId('tickets-table').getByText(ticketId).click();
    await o.getByTestId('ticket-accept').click();
    await waitForText(o.getByTestId('ticket-status'), 'In progress');
    await o.getByTestId('ticket-reply').fill('Stop the server, then change its flavor in the console.');
    await o.getByTestId('ticket-send').click();
    await o.getByText('Message sent').waitFor();
    await o.getByTestId('ticket-resolve').click();
    await waitForText(o.getByTestId('ticket-status'), 'To be confirmed');
    await snap(o, 'operator-ticket');

    await c.getByRole('button', { name: 'Refresh' }).click();
    await c.getByTestId('ticket-messages').getByText('Stop the server, then change its flavor in the console.').waitFor();
    await waitForText(c.getByTestId('ticket-status'), 'To be confirmed');
    await c.getByTestId('ticket-close').click();
    await waitForText(c.getByTestId('ticket-status'), 'Completed');
    await c.getByTestId('ticket-rate').click();
    for (const id of [1, 2, 3]) await c.getByTestId(`rate-${id}`).locator('li').nth(4).click();
    await c.getByTestId('rate-judgement').fill('Quick and clear.');
    await c.getByTestId('rate-submit').click();
    await c.getByTestId('ticket-rating').getByText('Quick and clear.', { exact: false }).waitFor();
    assert.equal(await c.getByTestId('ticket-rate').count(), 0);
    await snap(c, 'customer-ticket');
    assert.deepEqual(unexpectedErrors(customer.errors), []);
    assert.deepEqual(unexpectedErrors(operator.errors), []);
  });

  it('shows the operator the catalog, the usage import and the clock, in Chinese too', async () => {
    const o = operator.page;
    await o.getByTestId('nav').getByText('Catalog & prices').click();
    await o.getByTestId('price-books').locator('tbody tr.ant-table-row').first().waitFor();
    await o.getByRole('tab', { name: 'Tables' }).click();
    await o.getByPlaceholder('Filter rows').fill('s6.small.1.linux');
    await o.getByPlaceholder('Filter rows').press('Enter');
    await o.getByTestId('catalog-rows').getByText('s6.small.1.linux').first().waitFor();
    await snap(o, 'operator-catalog');
    await o.getByTestId('nav').getByText('Usage import').click();
    await o.getByTestId('usage-body').or(o.getByTestId('usage-unavailable')).first().waitFor();
    await o.getByTestId('language-switch').getByText('中文').click();
    await o.getByTestId('nav').getByText('工单队列').click();
    await o.getByTestId('page-title').getByText('工单队列').waitFor();
    // The open queue hides completed tickets: show them all.
    await choose(o, 'ticket-status-filter', '状态: 全部');
    await o.getByTestId('tickets-table').getByText('已完成').waitFor();
    await o.getByTestId('language-switch').getByText('English').click();
    assert.deepEqual(unexpectedErrors(operator.errors), []);
  });
});
