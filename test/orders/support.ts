/**
 * Helpers for the orders tests: a world of partners and customers with keys, money for customers,
 * placing orders through the customer extension, the clock and the job worker.
 */
import { startTestApp, type TestApp } from '../support/app.ts';
import { bssClient, signedFetch, type Credentials } from '../support/sdk.ts';
import { callerOf, createWorld, topUp, type Actor, type World } from '../funds/factories.ts';
import { allocateToCustomer, allocateToIndirectPartner } from '../../src/modules/funds/index.ts';
import { balanceOf, BalanceType, findBalances, postEntry } from '../../src/modules/ledger/index.ts';
import { setClock } from '../../src/modules/sandbox/index.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { JOB_HANDLERS } from '../../src/job-handlers.ts';
import { iso } from '../../src/platform/deps.ts';
import { randomBytes } from 'node:crypto';

export const ECS = { cloud_service_type: 'hws.service.type.ec2', resource_type: 'hws.resource.type.vm' };
export const EVS = { cloud_service_type: 'hws.service.type.ebs', resource_type: 'hws.resource.type.volume' };
export const EIP = { cloud_service_type: 'hws.service.type.vpc', resource_type: 'hws.resource.type.ip' };

/** s6.small.1.linux: 42 a month, 420 a year. SSD: 1 per GB a month, 10 a year. 5_bgp: 20 a month, 200 a year. */
export const vm = (id: string, periodType = 3, periodNum = 1, extra: Record<string, unknown> = {}) => ({
  id,
  ...ECS,
  resource_spec: 's6.small.1.linux',
  region: 'cn-north-4',
  period_type: periodType,
  period_num: periodNum,
  subscription_num: 1,
  ...extra,
});
export const disk = (id: string, mainId: string | null, gb = 40, periodType = 3, periodNum = 1) => ({
  id,
  ...EVS,
  resource_spec: 'SSD',
  region: 'cn-north-4',
  resource_size: gb,
  size_measure_id: 17,
  period_type: periodType,
  period_num: periodNum,
  subscription_num: 1,
  ...(mainId ? { main_product_id: mainId } : {}),
});
export const eip = (id: string, periodType = 2, periodNum = 1) => ({ id, ...EIP, resource_spec: '5_bgp', region: 'cn-north-4', period_type: periodType, period_num: periodNum, subscription_num: 1 });

export interface OrdersWorld extends World {
  t: TestApp;
}

export async function startOrdersApp(): Promise<TestApp> {
  return startTestApp();
}

export async function ordersWorld(t: TestApp): Promise<World> {
  const w = await createWorld(t.deps, { keys: true });
  await topUp(t.deps, w.distributor, 100_000_000n);
  return w;
}

/** The partner funds its customer's cash balance. */
export async function fund(t: TestApp, w: World, customer: Actor, fen: bigint): Promise<void> {
  const partner = customer.id === w.resellerCustomer.id ? w.reseller : w.distributor;
  if (partner === w.reseller) await allocateToIndirectPartner(t.deps, callerOf(w.distributor), { indirectPartnerId: w.reseller.id, amount: fen });
  await allocateToCustomer(t.deps, callerOf(partner), { customerId: customer.id, amount: fen });
}

/** Gives a customer a credit balance straight in the ledger (no API grants customers credit). */
export async function giveCredit(t: TestApp, customer: Actor, fen: bigint): Promise<void> {
  await t.deps.db.kysely.transaction().execute((trx) =>
    postEntry(trx, {
      kind: 'test_credit',
      ref: `TESTCREDIT${randomBytes(8).toString('hex')}`,
      initiatorId: 'test',
      at: iso(t.deps.clock.now()),
      postings: [
        { account: { ownerId: 'system:credit-issued', balanceType: BalanceType.credit }, amount: -fen },
        { account: { ownerId: customer.id, balanceType: BalanceType.credit }, amount: fen },
      ],
    }),
  );
}

export async function balances(t: TestApp, ownerId: string): Promise<{ cash: bigint; credit: bigint }> {
  const b = (await findBalances(t.deps.db.kysely, [ownerId])).get(ownerId);
  return { cash: balanceOf(b, BalanceType.cash).balance, credit: balanceOf(b, BalanceType.credit).balance };
}

export const client = (t: TestApp, a: Actor) => bssClient(t.url, a.creds as Credentials);

/** Places an order through the customer extension route. */
export async function place(t: TestApp, a: Actor, products: unknown[], headers: Record<string, string> = {}) {
  return signedFetch(t.url, a.creds as Credentials, { method: 'POST', path: '/v2/orders/customer-orders', headers: { 'Content-Type': 'application/json', ...headers }, body: { product_infos: products } });
}

/** Places an order and returns its id, failing loudly otherwise. */
export async function placeOk(t: TestApp, a: Actor, products: unknown[]): Promise<string> {
  const res = await place(t, a, products);
  if (res.status !== 201) throw new Error(`place failed: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.body.order_id);
}

export async function pay(t: TestApp, a: Actor, orderId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return signedFetch(t.url, a.creds as Credentials, {
    method: 'POST',
    path: '/v3/orders/customer-orders/pay',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: { order_id: orderId, use_coupon: 'NO', use_discount: 'NO', ...extra },
  });
}

/** Runs every job due by the business clock, to the end (jobs may schedule jobs that are due too). */
export async function drainJobs(t: TestApp): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await runDueJobs(t.deps, JOB_HANDLERS);
    total += n;
    if (n === 0) return total;
  }
}

/** Sets the sandbox clock (forward only) and runs what became due. */
export async function advanceTo(t: TestApp, at: Date): Promise<void> {
  await setClock(t.deps, at);
  await drainJobs(t);
}

export const DAY = 24 * 60 * 60 * 1000;
