import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedFetch, credsOf } from '../support/sdk.ts';
import type { TestApp } from '../support/app.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { readAuthnRequest, type ReceivedAuthnRequest, type TestIdp } from './idp.ts';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A local HTTP receiver that records requests and answers with the queued statuses (then 200). */
export async function startReceiver(): Promise<{ url: string; received: Received[]; answers: number[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, received, answers, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const distributor = () => credsOf(demoActor('distributor'));

export async function configureSso(app: TestApp, idp: TestIdp, body: Record<string, unknown> = {}, who = distributor()) {
  return signedFetch(app.url, who, { method: 'PUT', path: '/partner/v1/sso/access-config', headers: { 'Content-Type': 'application/json' }, body: { idp_metadata: idp.metadata(), ...body } });
}

export async function spCertificate(app: TestApp): Promise<string> {
  const xml = await (await fetch(`${app.url}/authui/saml/metadata.xml?unsigned=true`)).text();
  const b64 = /<ds:X509Certificate>([^<]+)<\/ds:X509Certificate>/.exec(xml)![1]!.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END CERTIFICATE-----\n`;
}

export async function beginLogin(app: TestApp, xAccountType: string, spCert: string, isFirstLogin = false, service = '/console/'): Promise<ReceivedAuthnRequest & { location: string }> {
  const q = new URLSearchParams({ xAccountType, isFirstLogin: String(isFirstLogin), service });
  const res = await fetch(`${app.url}/authui/saml/login?${q}`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  const location = res.headers.get('location')!;
  return { ...readAuthnRequest(location, spCert), location };
}

export interface AcsAnswer {
  status: number;
  location: string | null;
  cookie: string | null;
  body: string;
}

export async function postAcs(app: TestApp, samlResponse: string): Promise<AcsAnswer> {
  const res = await fetch(`${app.url}/authui/saml/acs`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '' }).toString(),
  });
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, location: res.headers.get('location'), cookie: setCookie ? setCookie.split(';')[0]! : null, body: await res.text() };
}

export async function openSession(app: TestApp, cookie: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}/authui/saml/session`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function whoami(app: TestApp, token: string) {
  const res = await fetch(`${app.url}/v3/auth/whoami`, { headers: { 'X-Auth-Token': token } });
  return { status: res.status, body: (await res.json()) as { role: string; domain: { id: string; name: string } } };
}

/** Rows that would mean a session exists: tokens and unused login handles. */
export async function sessionCounts(app: TestApp) {
  const db = app.deps.db.kysely;
  const tokens = await db.selectFrom('tokens').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const handles = await db.selectFrom('sso_handles').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { tokens: Number(tokens.n), handles: Number(handles.n) };
}
