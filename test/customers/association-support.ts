/**
 * Shared pieces of the association tests: signed calls to the partner, customer and operator
 * planes of association changes, fresh account trees (the funds factories), funding and coupons.
 */
import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import { bssClient, signedFetch, type Credentials } from '../support/sdk.ts';
import { createWorld, topUp, type Actor, type World } from '../funds/factories.ts';
import { grantQuota } from '../coupons/factories.ts';
import { requestId } from './helpers.ts';

export type Row = Record<string, unknown>;
export type Answer = { status: number; body: Row };

/** A signed call as `who` (any plane); every call carries a fresh X-Request-Id. */
export async function as(t: TestApp, who: Credentials, method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<Answer> {
  const res = await signedFetch(t.url, who, {
    method,
    path,
    ...(query ? { query } : {}),
    headers: { 'X-Request-Id': requestId(), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, body: res.body };
}

export function expectError(res: Answer, status: number, code: string): Row {
  assert.equal(res.body.error_code, code, JSON.stringify(res.body));
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

export function expectOk(res: Answer, status = 200): Row {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

/** The partner plane: ask, preview, list, decide. */
export const partnerAsks = (t: TestApp, p: Actor, customerId: string, action: 'unbind' | 'switch', extra: Row = {}) =>
  as(t, p.creds!, 'POST', '/partner/v1/association-requests', { customer_id: customerId, action, ...extra });
export const partnerDecides = (t: TestApp, p: Actor, id: string, verb: 'approve' | 'reject' | 'cancel', body: Row = {}) =>
  as(t, p.creds!, 'POST', `/partner/v1/association-requests/${id}/${verb}`, body);

/** The customer plane. */
export const customerAsks = (t: TestApp, c: Actor, action: 'unbind' | 'switch') => as(t, c.creds!, 'POST', '/customer/v1/association-requests', { action });
export const customerDecides = (t: TestApp, c: Actor | Credentials, id: string, verb: 'confirm' | 'decline' | 'cancel', body: Row = {}) =>
  as(t, 'access' in c ? c : c.creds!, 'POST', `/customer/v1/association-requests/${id}/${verb}`, body);
export const customerAssociation = async (t: TestApp, c: Actor) => expectOk(await as(t, c.creds!, 'GET', '/customer/v1/association'));

/** The operator plane (the caller is the demo operator). */
export const operatorAsks = (t: TestApp, op: Credentials, customerId: string, action: 'unbind' | 'switch') =>
  as(t, op, 'POST', `/operator/v1/customers/${customerId}/association-requests`, { action });

/** A fresh tree whose distributor has 1,000.00 in cash. */
export async function fundedWorld(t: TestApp): Promise<World> {
  const w = await createWorld(t.deps, { keys: true });
  await topUp(t.deps, w.distributor, 100_000n);
  await topUp(t.deps, w.reseller, 100_000n);
  return w;
}

export const api = (t: TestApp, a: Actor) => bssClient(t.url, a.creds!);

/** The partner funds its customer through the partner API. */
export async function fund(t: TestApp, partner: Actor, customer: Actor, amount: number, indirectPartnerId?: string): Promise<void> {
  const res = await api(t, partner).call('update_customer_account_amount', { body: { customer_id: customer.id, amount, ...(indirectPartnerId ? { indirect_partner_id: indirectPartnerId } : {}) } });
  assert.equal(res.status, 200);
}

/** Issues one voucher of `faceValue` yuan to the customer from a fresh quota; returns the coupon id. */
export async function issueCoupon(t: TestApp, partner: Actor, customer: Actor, faceValue: number): Promise<string> {
  const quota = await grantQuota(t.deps, partner, { fen: 100_000n });
  const res = await api(t, partner).call('create_partner_coupons', { body: { quota_id: quota, customer_ids: [customer.id], face_value: faceValue } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return String((res.body.coupon_infos as Row[])[0]!.coupon_id);
}

/** Cash of a customer as its own API answers it. */
export async function customerCash(t: TestApp, c: Actor): Promise<number> {
  const own = await api(t, c).call('show_customer_account_balances');
  return Number((own.body.account_balances as Row[]).find((b) => b.account_type === 1)!.amount);
}

export async function partnerCash(t: TestApp, p: Actor): Promise<number> {
  const res = await api(t, p).call('list_partner_balances');
  return Number((res.body.account_balances as Row[]).find((b) => b.account_type === 1)!.amount);
}

/** Rows of the tables any association change writes: a refused request leaves them all as they were. */
export async function changeCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['association_requests', 'association_history', 'message_outbox', 'verification_codes', 'ledger_entries', 'funds_records', 'coupon_records', 'outbox_events'] as const) {
    const row = await t.deps.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** The business clock moves by `ms`. */
export function advance(t: TestApp, ms: number): void {
  t.deps.sandboxClock!.setOffset(t.deps.sandboxClock!.offset + ms);
}

/** Sets the business clock to an instant. */
export function clockAt(t: TestApp, at: Date): void {
  t.deps.sandboxClock!.setNow(at);
}

export const DAY = 86_400_000;
