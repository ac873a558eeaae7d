import { sign, verify } from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { outboundPolicyOf, postOutbound } from '../../platform/http/outbound-post.ts';
import { scheduleJob, type JobHandler } from '../../platform/jobs/jobs.ts';
import { spCredentials } from './sp-credentials.ts';
import { findConfig, type Conn } from './sso.repo.ts';

export const BIND_CALLBACK_JOB = 'sso.bind-callback';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** 1: the platform user bound an account that existed; 2: the platform user registered a new one. */
export type BindAction = 1 | 2;

export interface BindResult {
  xUserId: string;
  xAccountId: string;
  xAccountType: string;
  domainId: string;
  domainName: string;
  bindAction: BindAction;
}

/**
 * Schedules the binding-result callback in the binding's own transaction (an outbox), so the partner
 * hears of exactly the bindings that were committed; the job posts it later and retries on failure.
 */
export async function scheduleBindCallback(trx: Conn, now: Date, result: BindResult): Promise<void> {
  const bindRequest = Buffer.from(JSON.stringify(result), 'utf8').toString('base64');
  await scheduleJob(trx, now, {
    kind: BIND_CALLBACK_JOB,
    key: `${result.xAccountType}:${result.xUserId}:${result.domainId}`,
    runAt: now,
    payload: { xaccount_type: result.xAccountType, bind_request: bindRequest },
  });
}

/** The Signature field: RSA-SHA256 with our SP key over the bindRequest field's text, base64. */
export const signBindRequest = (privateKeyPem: string, bindRequest: string) => sign('sha256', Buffer.from(bindRequest, 'utf8'), privateKeyPem).toString('base64');

/** For partners (and tests): checks a callback's Signature with the certificate from our SP metadata. */
export const verifyBindRequest = (certificatePem: string, bindRequest: string, signature: string) =>
  verify('sha256', Buffer.from(bindRequest, 'utf8'), certificatePem, Buffer.from(signature, 'base64'));

/**
 * Posts the binding result to the partner's callback URL as multipart form-data: `bindRequest`
 * (base64 of the JSON), `SigAlg` and `Signature`. Any 2xx is an acknowledgement; anything else
 * throws, and the jobs table retries with backoff. Without a callback URL there is nothing to send.
 */
export const bindCallbackJob: JobHandler = async (deps: Deps, payload) => {
  const p = payload as { xaccount_type?: unknown; bind_request?: unknown } | null;
  if (typeof p?.xaccount_type !== 'string' || typeof p.bind_request !== 'string') throw new Error('binding callback job without its result');
  const config = await findConfig(deps.db.kysely, p.xaccount_type);
  if (!config?.bind_callback_url) return;
  const sp = await spCredentials(deps);
  const form = new FormData();
  form.set('bindRequest', p.bind_request);
  form.set('SigAlg', RSA_SHA256);
  form.set('Signature', signBindRequest(sp.privateKeyPem, p.bind_request));
  // Multipart bytes and their boundary, as fetch would send them; sent by postOutbound, which
  // keeps partner-supplied URLs away from private addresses in production.
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const status = await postOutbound(config.bind_callback_url, {
    headers: { 'content-type': encoded.headers.get('content-type')! },
    body,
    timeoutMs: 10_000,
    policy: outboundPolicyOf(deps.mode),
  });
  if (status < 200 || status >= 300) throw new Error(`binding callback answered ${status}`);
};
