/**
 * `npm run screenshots`: regenerates docs/screenshots/*.png, the console pages the README shows.
 * Starts a throwaway server on a temporary SQLite database with the demo actors, adds a few
 * customers and fund movements through the partner API, and photographs each page in chromium
 * (CHROMIUM_PATH, default /usr/bin/chromium; Chinese pages need a CJK font such as fonts-noto-cjk).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../test/support/app.ts';
import { callApi, launchBrowser, openConsole, signIn, tokenFor, browserMissing } from '../test/browser/browser.ts';
import { demoActor } from '../src/modules/sandbox/index.ts';
import { ensureConsoleBuilt } from './build-console.ts';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');

const CUSTOMERS: { name: string; phone?: string; email?: string; amount?: number }[] = [
  { name: 'acme-cloud', phone: '13800138001', email: 'ops@acme.example', amount: 25800 },
  { name: 'blue-river-tech', phone: '13900139002', email: 'it@blueriver.example', amount: 8650.5 },
  { name: 'north-star-games', email: 'billing@northstar.example', amount: 42.8 },
  { name: 'orchid-retail', phone: '13700137003', amount: 1200 },
  { name: 'summit-labs', amount: 15.35 },
];

async function seed(t: TestApp): Promise<void> {
  const partner = await tokenFor(t.url, demoActor('distributor'));
  const operator = await tokenFor(t.url, demoActor('operator'));
  for (const [i, c] of CUSTOMERS.entries()) {
    let code: string | undefined;
    if (c.phone) {
      await callApi(t.url, partner, 'POST', '/v2/bases/verificationcode/send', { receiver_type: 1, mobile_phone: c.phone, scene: 29 });
      const outbox = await callApi<{ messages: { code: string }[] }>(t.url, operator, 'GET', `/operator/v1/verification-outbox?mobile_phone=${c.phone}`);
      code = outbox.messages[0]?.code;
    }
    const created = await callApi<{ domain_id: string }>(t.url, partner, 'POST', '/v2/partners/sub-customers', {
      domain_name: c.name,
      xaccount_id: `x-${c.name}`,
      xaccount_type: 'demo_platform',
      cooperation_type: i === 2 ? '1' : '2',
      ...(c.phone ? { mobile_phone: c.phone, verification_code: code } : {}),
    });
    if (c.email) await callApi(t.url, operator, 'PATCH', `/operator/v1/customers/${created.domain_id}`, { email: c.email });
    if (c.amount && i !== 2) await callApi(t.url, partner, 'POST', '/v2/accounts/partner-accounts/adjust-amount', { customer_id: created.domain_id, amount: c.amount });
  }
  await callApi(t.url, partner, 'POST', '/v2/accounts/partner-accounts/indirect-partner-adjust', { indirect_partner_id: demoActor('reseller_one').accountId, amount: 50000 });
  await callApi(t.url, partner, 'POST', '/v2/accounts/partner-accounts/indirect-partner-adjust', { indirect_partner_id: demoActor('reseller_two').accountId, amount: 18000 });
  await callApi(t.url, partner, 'POST', '/v2/accounts/partner-accounts/adjust-amount', { customer_id: demoActor('resale_customer').accountId, amount: 3288.88 });
}

async function shot(page: Page, name: string): Promise<void> {
  // Charts animate and tables fetch after the first paint: wait for both to settle.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1200);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

async function go(page: Page, nav: string): Promise<void> {
  await page.getByTestId('nav').getByText(nav, { exact: true }).click();
}

async function main(browser: Browser, t: TestApp): Promise<void> {
  const first = await openConsole(browser, t.url);
  await first.page.getByTestId('demo-users').waitFor();
  await shot(first.page, 'sign-in');
  await first.context.close();

  const partner = await openConsole(browser, t.url);
  await signIn(partner.page, demoActor('distributor'));
  await partner.page.getByTestId('reseller-chart').waitFor();
  await shot(partner.page, 'partner-dashboard');
  await go(partner.page, 'Customers');
  await partner.page.getByTestId('customers-table').getByText('acme-cloud').waitFor();
  await shot(partner.page, 'partner-customers');
  await go(partner.page, 'Funds');
  await partner.page.getByTestId('adjust-records').getByText('acme-cloud').waitFor();
  await shot(partner.page, 'partner-funds');
  await go(partner.page, 'Tier-2 resellers');
  await partner.page.getByTestId('resellers-table').getByText('¥50,000.00').first().waitFor();
  await shot(partner.page, 'partner-resellers');
  await partner.page.getByTestId('language-switch').getByText('中文').click();
  await go(partner.page, '总览');
  await partner.page.getByTestId('reseller-chart').waitFor();
  await shot(partner.page, 'partner-dashboard-zh');
  await partner.context.close();

  const operator = await openConsole(browser, t.url);
  await signIn(operator.page, demoActor('operator'));
  await operator.page.getByTestId('partners-table').getByRole('link', { name: 'demo-distributor' }).waitFor();
  await shot(operator.page, 'operator-partners');
  await operator.page.getByTestId('partners-table').getByRole('link', { name: 'demo-distributor' }).click();
  await operator.page.getByTestId('issue-key').click();
  await operator.page.getByTestId('key-description').fill('sales platform integration');
  await operator.page.getByTestId('issue-key-submit').click();
  await operator.page.getByTestId('issued-secret').waitFor();
  await shot(operator.page, 'operator-access-key-issued');
  await operator.page.getByTestId('secret-done').click();
  await go(operator.page, 'Sandbox clock');
  await operator.page.getByTestId('clock-now').waitFor();
  await shot(operator.page, 'operator-clock');
  await operator.context.close();

  const customer = await openConsole(browser, t.url, { locale: 'zh-CN' });
  await signIn(customer.page, demoActor('resale_customer'));
  await customer.page.getByTestId('balance-1').waitFor();
  await shot(customer.page, 'customer-balances-zh');
  await customer.context.close();
}

if (browserMissing) {
  console.error(browserMissing);
  process.exit(1);
}
await ensureConsoleBuilt();
fs.mkdirSync(out, { recursive: true });
const t = await startTestApp();
const browser = await launchBrowser();
try {
  await seed(t);
  await main(browser, t);
} finally {
  await browser.close();
  await t.close();
}
