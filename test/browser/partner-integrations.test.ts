/**
 * The partner center's integration pages in a real browser, as the demo distributor: single
 * sign-on (upload IdP metadata, a refused upload's reason, the platform identifier, our SP metadata
 * and the login URL) and webhooks (a subscription whose secret is shown once, a funds.moved event
 * delivered to a local receiver, the delivery log, its attempts and a replay).
 *
 * SCREENSHOTS=1 also writes docs/screenshots/partner-sso.png and partner-webhooks.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makeIdp, type TestIdp } from '../sso/idp.ts';
import { startReceiver } from '../sso/support.ts';
import { JOB_HANDLERS } from '../../src/job-handlers.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/modules/webhooks/index.ts';
import { browserMissing, callApi, ensureConsoleBuilt, launchBrowser, openConsole, signIn, tokenFor, unexpectedErrors, waitForText, type ConsolePage } from './browser.ts';

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

async function snap(page: Page, name: string, fullPage = false): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  await page.waitForLoadState('networkidle');
  // Let the toasts go: they would cover the header.
  await page.locator('.ant-message-notice').last().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
}

describe('partner center: single sign-on and webhooks', { skip: browserMissing ?? false }, () => {
  let t: TestApp;
  let browser: Browser;
  let c: ConsolePage;
  let idp: TestIdp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let token = '';
  let secret = '';
  let subscriptionId = '';

  /** What the server's worker does every second: run every due job until none is left. */
  const drainJobs = async () => {
    while ((await runDueJobs(t.deps, JOB_HANDLERS)) > 0);
  };

  before(async () => {
    ensureConsoleBuilt();
    [t, browser, receiver] = await Promise.all([startTestApp(), launchBrowser(), startReceiver()]);
    idp = makeIdp();
    c = await openConsole(browser, t.url, { timezoneId: 'Asia/Shanghai' });
    token = await tokenFor(t.url, demoActor('distributor'));
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.close();
  });

  it('shows the SSO page unconfigured, and the reason when the server refuses the metadata', async () => {
    const { page } = c;
    await signIn(page, demoActor('distributor'));
    await page.getByTestId('nav').getByText('Single sign-on').click();
    await waitForText(page.getByTestId('page-title'), 'Single sign-on');
    await page.getByTestId('sso-not-configured').waitFor();

    // Saving without a file is stopped in the page.
    await page.getByTestId('sso-save').click();
    await page.getByTestId('sso-file-error').getByText('Choose the IdP metadata file first').waitFor();

    // A document type declaration is refused by the server, which says why.
    const evil = idp.metadata().replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>');
    await page.locator('input[type=file]').setInputFiles({ name: 'evil.xml', mimeType: 'application/xml', buffer: Buffer.from(evil) });
    await page.getByTestId('sso-metadata-file').getByText(/^evil\.xml/).waitFor();
    await page.getByTestId('sso-save').click();
    const alert = page.getByTestId('api-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /IdP metadata refused: .*\(PBSS\.3001\)/);
    await page.getByTestId('sso-not-configured').waitFor();
  });

  it('uploads IdP metadata and shows the platform identifier, our SP metadata and the login URL', async () => {
    const { page } = c;
    await page.locator('input[type=file]').setInputFiles({ name: 'idp-metadata.xml', mimeType: 'application/xml', buffer: Buffer.from(idp.metadata()) });
    await page.getByTestId('sso-metadata-file').getByText(/^idp-metadata\.xml/).waitFor();
    await page.getByTestId('sso-bind-callback').fill('https://platform.partner.test/sso/bound');
    await page.getByTestId('sso-payment-return').fill('https://platform.partner.test/paid');
    await page.getByTestId('sso-save').click();
    await page.getByText(/^SSO configuration saved \(platform identifier \w+\)$/).waitFor();

    const config = await callApi<{ xaccount_type: string; bind_callback_url: string; payment_return_url: string; sp_metadata_url: string }>(t.url, token, 'GET', '/partner/v1/sso/access-config');
    assert.match(config.xaccount_type, /^[0-9a-f]{32}$/);
    assert.equal(config.bind_callback_url, 'https://platform.partner.test/sso/bound');
    assert.equal(config.payment_return_url, 'https://platform.partner.test/paid');
    await waitForText(page.getByTestId('sso-xaccount-type'), config.xaccount_type);
    await waitForText(page.getByTestId('sso-idp-entity-id'), idp.entityId);
    await page.getByTestId('sso-certificates').getByText('CN=test idp').waitFor();

    assert.equal(await page.getByTestId('sso-sp-metadata').getAttribute('href'), `${t.url}/authui/saml/metadata.xml`);
    assert.equal(
      (await page.getByTestId('sso-login-pattern').innerText()).trim(),
      `${t.url}/authui/saml/login?xAccountType=${config.xaccount_type}&isFirstLogin={true|false}&service={URL-encoded target}`,
    );
    const example = (await page.getByTestId('sso-login-example').innerText()).trim();
    assert.equal(example, `${t.url}/authui/saml/login?xAccountType=${config.xaccount_type}&isFirstLogin=false&service=%2Fconsole%2F`);
    // The example really starts a sign-in: we redirect to the IdP.
    const res = await fetch(example, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.ok(res.headers.get('location')?.startsWith(idp.ssoUrl));

    // The identifier is fixed now: the field to name it is gone, the URLs stay editable.
    assert.equal(await page.getByTestId('sso-xaccount-type-input').count(), 0);
    assert.equal(await page.getByTestId('sso-bind-callback').inputValue(), 'https://platform.partner.test/sso/bound');
    await snap(page, 'partner-sso', true);
  });

  it('creates a webhook subscription and shows its secret once', async () => {
    const { page } = c;
    await page.getByTestId('nav').getByText('Webhooks').click();
    await waitForText(page.getByTestId('page-title'), 'Webhooks');
    await page.getByTestId('create-subscription').click();
    await page.getByTestId('subscription-url').fill(`${receiver.url}/hook`);
    await page.getByTestId('subscription-event-types').click();
    await page.keyboard.type('funds.mov');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="funds.moved"]').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('subscription-description').fill('ERP sync');
    await page.getByTestId('create-subscription-submit').click();

    const shown = page.getByTestId('subscription-secret');
    await shown.waitFor();
    secret = (await shown.innerText()).trim();
    assert.match(secret, /^whsec_\S+$/);
    await page.getByText('Copy the signing secret now: it is shown only this once and cannot be retrieved later.').waitFor();
    await page.getByTestId('secret-done').click();
    await shown.waitFor({ state: 'detached' });
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone from the page');

    const row = page.getByTestId('subscriptions-table').locator('tr', { hasText: `${receiver.url}/hook` });
    await row.getByText('funds.moved').waitFor();
    await row.getByText('ERP sync').waitFor();
    const listed = await callApi<{ subscriptions: { id: string; secret?: string }[] }>(t.url, token, 'GET', '/partner/v1/webhooks/subscriptions');
    assert.equal(listed.subscriptions.length, 1);
    assert.equal(listed.subscriptions[0]!.secret, undefined);
    subscriptionId = listed.subscriptions[0]!.id;
  });

  it('delivers the funds.moved event of an allocation, signed, and shows it in the log', async () => {
    const { page } = c;
    await page.getByTestId('nav').getByText('Customers').click();
    const customer = page.getByTestId('customers-table').locator('tr', { hasText: 'demo-resale-customer' });
    await customer.getByTestId('allocate').click();
    await page.getByTestId('funds-amount').fill('8.8');
    await page.getByTestId('funds-submit').click();
    await page.getByText(/^Allocated ¥8\.80 \(transfer \w+\)$/).waitFor();

    assert.equal(receiver.received.length, 0, 'nothing is sent before the jobs run');
    await drainJobs();
    assert.equal(receiver.received.length, 1);
    const got = receiver.received[0]!;
    assert.equal(got.url, '/hook');
    assert.equal(got.headers['x-webhook-event'], 'funds.moved');
    assert.ok(verifyWebhookSignature(secret, got.headers[SIGNATURE_HEADER] as string, got.body.toString('utf8'), Math.floor(Date.now() / 1000)));

    await page.getByTestId('nav').getByText('Webhooks').click();
    await page.getByRole('tab', { name: 'Delivery log' }).click();
    const row = page.getByTestId('deliveries-table').locator('tbody tr.ant-table-row', { hasText: 'funds.moved' });
    await row.getByTestId('delivery-status').getByText('Succeeded').waitFor();
    await row.getByText('HTTP 200').waitFor();

    // The filters go to the server: a status with no delivery empties the table.
    await page.getByTestId('delivery-status-filter').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Failed"]').click();
    await page.getByTestId('deliveries-table').locator('.ant-table-placeholder').waitFor();
    await page.getByTestId('delivery-status-filter').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Succeeded"]').click();
    await row.waitFor();
    await page.getByTestId('delivery-subscription-filter').click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title^="${subscriptionId}"]`).click();
    await row.waitFor();
  });

  it('opens the delivery with its attempts and replays it', async () => {
    const { page } = c;
    const event = JSON.parse(receiver.received[0]!.body.toString('utf8')) as { id: string };
    await page.getByTestId('deliveries-table').getByTestId('open-delivery').first().click();
    const attempts = page.getByTestId('delivery-attempts');
    await attempts.locator('tbody tr.ant-table-row').first().getByText('Delivered').waitFor();
    assert.equal(await attempts.locator('tbody tr.ant-table-row').count(), 1);
    await waitForText(page.getByTestId('delivery-details').getByTestId('delivery-status'), 'Succeeded');

    await page.getByTestId('replay-delivery').click();
    await page.getByTestId('confirm-replay').click();
    await page.getByText(/^Delivery \w+ queued again$/).waitFor();
    await waitForText(page.getByTestId('delivery-details').getByTestId('delivery-status'), 'Pending');
    assert.equal(await page.getByTestId('replay-delivery').isDisabled(), true);

    await drainJobs();
    assert.equal(receiver.received.length, 2);
    const again = JSON.parse(receiver.received[1]!.body.toString('utf8')) as { id: string };
    assert.equal(again.id, event.id, 'a replay sends the same event');

    await page.locator('.ant-drawer').getByRole('button', { name: 'Refresh' }).click();
    await waitForText(page.getByTestId('delivery-details').getByTestId('delivery-status'), 'Succeeded');
    const second = attempts.locator('tbody tr.ant-table-row').nth(1);
    await second.getByText('Replay').waitFor();
    await second.getByText('Delivered').waitFor();
    // The refresh reloads the log behind the drawer too.
    await page.getByTestId('deliveries-table').locator('tbody tr.ant-table-row', { hasText: 'funds.moved' }).getByTestId('delivery-status').getByText('Succeeded').waitFor();
    await snap(page, 'partner-webhooks');
    await page.locator('.ant-drawer .ant-drawer-close').click();
    await page.getByTestId('delivery-details').waitFor({ state: 'detached' });
  });

  it('shows both pages in Chinese, then deletes the subscription; the log stays', async () => {
    const { page } = c;
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('nav').getByText('单点登录').click();
    await waitForText(page.getByTestId('page-title'), '单点登录');
    await page.getByText('平台标识（xaccount_type）').first().waitFor();
    await page.getByTestId('nav').getByText('Webhook').click();
    await waitForText(page.getByTestId('page-title'), 'Webhook');
    await page.getByRole('tab', { name: '推送记录' }).waitFor();
    await page.getByTestId('language-switch').getByText('English').click();

    await page.getByRole('tab', { name: 'Subscriptions' }).click();
    await page.getByTestId('subscriptions-table').getByTestId('delete-subscription').click();
    await page.getByTestId('confirm-delete-subscription').click();
    await page.getByText(`Subscription ${subscriptionId} deleted`).waitFor();
    await page.getByTestId('subscriptions-table').locator('.ant-table-placeholder').waitFor();
    const log = await callApi<{ total_count: number }>(t.url, token, 'GET', '/partner/v1/webhooks/deliveries');
    assert.equal(log.total_count, 1);
    await page.getByRole('tab', { name: 'Delivery log' }).click();
    await page.getByTestId('deliveries-table').getByText('(deleted)').first().waitFor();
    assert.deepEqual(unexpectedErrors(c.errors), []);
  });
});
