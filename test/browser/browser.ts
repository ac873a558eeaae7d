/**
 * Browser tests of the web consoles: Debian's chromium driven by playwright-core, against a real
 * server (startTestApp) that serves the current production build of web/ at /console.
 *
 * CHROMIUM_PATH overrides the browser binary. Without a browser the suites skip with a message
 * (CI installs chromium, so there they always run).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD, type DemoActor } from '../../src/modules/sandbox/index.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The reason the browser suites cannot run here, or null when they can. */
export const browserMissing: string | null = fs.existsSync(CHROMIUM)
  ? null
  : `chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH; the console tests are skipped`;

if (browserMissing) console.log(`# ${browserMissing}`);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds web/dist if it is missing or stale (the same script `npm start` runs first). */
export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build-console.ts'), '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors and console errors (a CSP violation shows up here); tests assert none. */
  errors: string[];
}

/** A fresh browser context (own sessionStorage) in a given language and time zone. */
export async function openConsole(
  browser: Browser,
  baseUrl: string,
  options: { locale?: string; timezoneId?: string; path?: string } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    // No animations (the console honours the preference): a click never lands on a dialog that is
    // still zooming in, however slow the machine.
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${baseUrl}/console${options.path ?? '/'}`);
  return { page, context, errors };
}

/** Signs in through the form, as a user would. */
export async function signIn(page: Page, actor: DemoActor, password = DEMO_PASSWORD): Promise<void> {
  await page.getByTestId('user-name').fill(actor.userName);
  await page.getByTestId('account-name').fill(actor.accountName);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-out').waitFor();
}

/**
 * Errors a page may log without being wrong: a 4xx the test provoked on purpose is printed by the
 * browser as a failed resource load.
 */
export function unexpectedErrors(errors: string[]): string[] {
  return errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
}

/** A password token for a demo user, for the API calls a test makes beside the browser. */
export async function tokenFor(baseUrl: string, actor: DemoActor): Promise<string> {
  const res = await fetch(`${baseUrl}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: actor.userName, password: DEMO_PASSWORD, domain: { name: actor.accountName } } } },
        scope: { domain: { name: actor.accountName } },
      },
    }),
  });
  const token = res.headers.get('x-subject-token');
  if (res.status !== 201 || !token) throw new Error(`token for ${actor.userName}: ${res.status} ${await res.text()}`);
  return token;
}

export async function callApi<T = Record<string, unknown>>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Waits until the element's text is exactly `text` (the page may still be rendering). */
export async function waitForText(locator: Locator, text: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = (await locator.innerText().catch(() => '')).trim();
    if (last === text) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected text ${JSON.stringify(text)}, still ${JSON.stringify(last)}`);
}
