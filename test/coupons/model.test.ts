import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Transaction } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import type { DB } from '../../src/platform/db/schema.ts';
import { AppError } from '../../src/platform/errors.ts';
import { toFen } from '../../src/platform/money.ts';
import { runDueJobs } from '../../src/platform/jobs/jobs.ts';
import { JOB_HANDLERS } from '../../src/job-handlers.ts';
import { advanceClock } from '../../src/modules/sandbox/index.ts';
import {
  consumeBenefits,
  issuePartnerCoupons,
  reclaimCustomerCoupons,
  reclaimIndirectPartnerQuotas,
  reclaimPartnerCoupon,
  releaseBenefits,
  reserveBenefits,
  returnBenefits,
  transferQuotaToIndirectPartners,
  verifyCoupons,
} from '../../src/modules/coupons/index.ts';
import { callerOf, createWorld, grantQuota, type World } from './factories.ts';

/**
 * Model-based test of coupon value: random sequences of issues (to the tier-1's customers from its
 * quota, or to the tier-2's from quota passed down to it), reclaims, spending at payment (at once, or
 * held then paid or released), refunds, the clock moving past expiries, unbinding, and tier-2 quota
 * passed down and reclaimed. After every command: the outcome is the model's (success or the
 * documented code), every balance and status is the model's, and, measured from the database alone,
 * the run's quota balances + its coupons' balances + what its coupons paid (net of refunds) equal
 * what was granted. After every run the whole coupon journal reconciles (verifyCoupons).
 *
 * Unbinding: the customers module has no unbind operation yet, so the command calls the hook it
 * would call (reclaimCustomerCoupons, reason 'unbind') directly.
 */
const RUNS = Number(process.env.COUPONS_MODEL_RUNS ?? 100);
const GRANT = 50_000n;
const HOUR = 3600_000;

type CustomerKey = 'C1' | 'C2' | 'CF' | 'CR';
type Command =
  | { t: 'issue'; fromChild: number | null; customers: CustomerKey[]; fen: bigint; hours: number }
  | { t: 'reclaim'; coupon: number }
  | { t: 'spend'; coupon: number; fen: bigint }
  | { t: 'hold'; coupon: number; fen: bigint }
  | { t: 'pay' | 'release'; order: number }
  | { t: 'refund'; order: number; fen: bigint }
  | { t: 'tick'; hours: number }
  | { t: 'unbind'; customer: CustomerKey }
  | { t: 'transfer'; fen: bigint }
  | { t: 'reclaimChild'; child: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('issue' as const), fromChild: fc.option(fc.nat(3), { freq: 3 }), customers: fc.uniqueArray(fc.constantFrom<CustomerKey>('C1', 'C2', 'CF', 'CR'), { minLength: 1, maxLength: 4 }), fen: fc.bigInt({ min: 1n, max: 4_000n }), hours: fc.integer({ min: 1, max: 72 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('reclaim' as const), coupon: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('spend' as const), coupon: fc.nat(), fen: fc.bigInt({ min: 1n, max: 3_000n }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('hold' as const), coupon: fc.nat(), fen: fc.bigInt({ min: 1n, max: 3_000n }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('pay' as const, 'release' as const), order: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), order: fc.nat(), fen: fc.bigInt({ min: 1n, max: 3_000n }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tick' as const), hours: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unbind' as const), customer: fc.constantFrom<CustomerKey>('C1', 'C2', 'CR') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('transfer' as const), fen: fc.bigInt({ min: 1n, max: 20_000n }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reclaimChild' as const), child: fc.nat() }) },
);

interface MQuota {
  id: string;
  balance: bigint;
  parent: string | null;
  reclaimed: boolean;
}
interface MCoupon {
  id: string;
  quota: string;
  customer: string;
  balance: bigint;
  status: 2 | 3 | 4 | 5;
  expireAt: number;
  heldBy: string | null;
}
interface MOrder {
  id: string;
  coupon: string;
  amount: bigint;
  state: 'held' | 'paid' | 'released';
  returned: bigint;
}

describe(`coupon value model (${DIALECT}, ${RUNS} runs)`, () => {
  let t: TestApp;
  let w: World;
  let customers: Record<CustomerKey, string>;
  let serial = 0;
  const outcomes = new Map<string, number>();
  const note = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);

  before(async () => {
    t = await startTestApp({ seed: false });
    w = await createWorld(t.deps);
    customers = { C1: w.customer.id, C2: w.customer2.id, CF: w.referralCustomer.id, CR: w.resellerCustomer.id };
  });
  after(async () => {
    process.stdout.write(`# coupon model ${DIALECT}: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}\n`);
    await t.close();
  });

  const inTx = <T,>(fn: (trx: Transaction<DB>) => Promise<T>) => t.deps.db.kysely.transaction().execute(fn);
  const now = () => t.deps.clock.now();
  const codeOf = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'ok';
    } catch (e) {
      if (e instanceof AppError) return e.code;
      throw e;
    }
  };

  it('quota + coupons + spent always equals what was granted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        const top = await grantQuota(t.deps, w.distributor, { fen: GRANT, expireTime: new Date(now().getTime() + 3650 * 24 * HOUR).toISOString() });
        const quotas = new Map<string, MQuota>([[top, { id: top, balance: GRANT, parent: null, reclaimed: false }]]);
        const children: string[] = [];
        const coupons: MCoupon[] = [];
        const orders: MOrder[] = [];
        const target = (id: string): MQuota => {
          let q = quotas.get(id)!;
          while (q.reclaimed && q.parent) q = quotas.get(q.parent)!;
          return q;
        };
        const usable = (c: MCoupon) => c.status === 2 && c.heldBy === null && c.expireAt > now().getTime();

        for (const cmd of commands) {
          await step(cmd, { top, quotas, children, coupons, orders, target, usable });
          await checkInvariant(top, quotas, coupons);
        }
        const report = await verifyCoupons(t.deps.db.kysely);
        assert.deepEqual(report.problems, []);
      }),
      { numRuns: RUNS },
    );
    assert.ok((outcomes.get('issue:ok') ?? 0) > 0 && (outcomes.get('spend:ok') ?? 0) > 0 && (outcomes.get('tick:expired') ?? 0) > 0, JSON.stringify([...outcomes]));
  });

  interface State {
    top: string;
    quotas: Map<string, MQuota>;
    children: string[];
    coupons: MCoupon[];
    orders: MOrder[];
    target: (id: string) => MQuota;
    usable: (c: MCoupon) => boolean;
  }

  async function step(cmd: Command, s: State): Promise<void> {
    switch (cmd.t) {
      case 'issue': {
        const child = cmd.fromChild !== null && s.children.length ? s.children[cmd.fromChild % s.children.length]! : null;
        const quotaId = child ?? s.top;
        const quota = s.quotas.get(quotaId)!;
        const expireTime = new Date(Math.floor((now().getTime() + cmd.hours * HOUR) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
        const request = { quotaId, customerIds: cmd.customers.map((k) => customers[k]), faceValue: cmd.fen, expireTime, ...(child ? { indirectPartnerId: w.reseller.id } : {}) };
        if (quota.reclaimed) {
          assert.equal(await codeOf(issuePartnerCoupons(t.deps, callerOf(w.distributor), request)), 'CBC.99000012');
          note('issue:reclaimed-quota');
          return;
        }
        const res = await issuePartnerCoupons(t.deps, callerOf(w.distributor), request);
        const expected = cmd.customers.map((k) => {
          const own = child ? k === 'CR' : k === 'C1' || k === 'C2';
          if (!own) return child || k === 'CR' ? 'CBC.99000035' : 'CBC.99000014';
          if (quota.balance < cmd.fen) return 'CBC.99000013';
          quota.balance -= cmd.fen;
          return 'ok';
        });
        const got = new Map<string, string>([...res.coupon_infos!.map((c) => [c.id!, 'ok'] as const), ...res.error_details!.map((e) => [e.id!, e.error_code!] as const)]);
        assert.deepEqual(cmd.customers.map((k) => got.get(customers[k])), expected);
        for (const c of res.coupon_infos!) {
          s.coupons.push({ id: c.coupon_id!, quota: quotaId, customer: c.id!, balance: cmd.fen, status: 2, expireAt: new Date(expireTime).getTime(), heldBy: null });
        }
        expected.forEach((e) => note(`issue:${e}`));
        return;
      }
      case 'reclaim': {
        const c = s.coupons[cmd.coupon % Math.max(1, s.coupons.length)];
        if (!c) return;
        const fromChild = s.quotas.get(c.quota)!.parent !== null;
        const code = await codeOf(reclaimPartnerCoupon(t.deps, callerOf(w.distributor), { couponId: c.id, ...(fromChild ? { indirectPartnerId: w.reseller.id } : {}) }));
        if (s.usable(c)) {
          assert.equal(code, 'ok');
          s.target(c.quota).balance += c.balance;
          c.balance = 0n;
          c.status = 5;
        } else assert.equal(code, 'PBSS.0409');
        note(`reclaim:${code}`);
        return;
      }
      case 'spend':
      case 'hold': {
        const c = s.coupons[cmd.coupon % Math.max(1, s.coupons.length)];
        if (!c) return;
        const orderId = `M-${process.pid}-${++serial}`;
        const scope = { subscribeType: 'new' as const, lines: [{ serviceTypeCode: 's', productId: 'p', amount: cmd.fen }] };
        const code = await codeOf(
          inTx(async (trx) => {
            await reserveBenefits(trx, { orderId, customerId: c.customer, at: now().toISOString(), scope, benefitIds: [c.id] });
            if (cmd.t === 'spend') await consumeBenefits(trx, { orderId, at: now().toISOString() });
          }),
        );
        if (s.usable(c)) {
          assert.equal(code, 'ok');
          const amount = c.balance < cmd.fen ? c.balance : cmd.fen;
          if (cmd.t === 'spend') {
            c.balance -= amount;
            if (c.balance === 0n) c.status = 3;
          } else c.heldBy = orderId;
          s.orders.push({ id: orderId, coupon: c.id, amount, state: cmd.t === 'spend' ? 'paid' : 'held', returned: 0n });
        } else assert.equal(code, 'CBC.99003112');
        note(`${cmd.t}:${code}`);
        return;
      }
      case 'pay':
      case 'release': {
        const o = s.orders[cmd.order % Math.max(1, s.orders.length)];
        if (!o) return;
        const done = await inTx((trx) => (cmd.t === 'pay' ? consumeBenefits(trx, { orderId: o.id, at: now().toISOString() }) : releaseBenefits(trx, { orderId: o.id, at: now().toISOString() })));
        const c = s.coupons.find((x) => x.id === o.coupon)!;
        if (o.state === 'held') {
          assert.deepEqual(done.map((d) => d.amount), [o.amount]);
          c.heldBy = null;
          if (cmd.t === 'pay') {
            c.balance -= o.amount;
            if (c.balance === 0n) c.status = 3;
            o.state = 'paid';
          } else o.state = 'released';
        } else assert.deepEqual(done, []);
        note(`${cmd.t}:${done.length ? 'ok' : 'nothing'}`);
        return;
      }
      case 'refund': {
        const paid = s.orders.filter((o) => o.state === 'paid' && o.amount > o.returned);
        const o = paid[cmd.order % Math.max(1, paid.length)];
        if (!o) return;
        const amount = 1n + ((cmd.fen - 1n) % (o.amount - o.returned));
        const back = await inTx((trx) => returnBenefits(trx, { orderId: o.id, refundId: `RF-${++serial}`, at: now().toISOString(), amounts: [{ id: o.coupon, amount }] }));
        const c = s.coupons.find((x) => x.id === o.coupon)!;
        const inForce = (c.status === 2 || c.status === 3) && c.expireAt > now().getTime();
        assert.deepEqual(back.map((b) => [b.amount, b.to]), [[amount, inForce ? 'benefit' : 'quota']]);
        o.returned += amount;
        if (inForce) {
          c.balance += amount;
          c.status = 2;
        } else s.target(c.quota).balance += amount;
        note(`refund:${inForce ? 'coupon' : 'quota'}`);
        return;
      }
      case 'tick': {
        await advanceClock(t.deps, cmd.hours * 3600);
        while ((await runDueJobs(t.deps, JOB_HANDLERS, 500)) > 0);
        const at = now().getTime();
        for (const c of s.coupons.filter((x) => x.expireAt <= at)) {
          if (c.heldBy) {
            s.orders.find((o) => o.id === c.heldBy)!.state = 'released';
            c.heldBy = null;
          }
          if (c.status === 2) {
            s.target(c.quota).balance += c.balance;
            c.balance = 0n;
            c.status = 4;
            note('tick:expired');
          }
        }
        return;
      }
      case 'unbind': {
        const customerId = customers[cmd.customer];
        await inTx((trx) => reclaimCustomerCoupons(trx, { customerId, reason: 'unbind', at: now().toISOString(), initiatorId: 'model' }));
        for (const c of s.coupons.filter((x) => x.customer === customerId && s.usable(x))) {
          s.target(c.quota).balance += c.balance;
          c.balance = 0n;
          c.status = 5;
          note('unbind:reclaimed');
        }
        return;
      }
      case 'transfer': {
        const res = await transferQuotaToIndirectPartners(t.deps, callerOf(w.distributor), { quotaId: s.top, indirectPartnerIds: [w.reseller.id], amount: cmd.fen });
        const top = s.quotas.get(s.top)!;
        if (top.balance >= cmd.fen) {
          const id = res.simple_quota_infos![0]!.quota_id!;
          top.balance -= cmd.fen;
          s.quotas.set(id, { id, balance: cmd.fen, parent: s.top, reclaimed: false });
          s.children.push(id);
          note('transfer:ok');
        } else {
          assert.deepEqual(res.error_details!.map((e) => e.error_code), ['CBC.99000013']);
          note('transfer:short');
        }
        return;
      }
      case 'reclaimChild': {
        const id = s.children[cmd.child % Math.max(1, s.children.length)];
        if (!id) return;
        const res = await reclaimIndirectPartnerQuotas(t.deps, callerOf(w.distributor), { quotaIds: [id] });
        const q = s.quotas.get(id)!;
        if (!q.reclaimed) {
          assert.deepEqual(res.error_details, []);
          s.target(q.parent!).balance += q.balance;
          q.balance = 0n;
          q.reclaimed = true;
          note('reclaimChild:ok');
        } else {
          assert.deepEqual(res.error_details!.map((e) => e.error_code), ['CBC.99000012']);
          note('reclaimChild:again');
        }
        return;
      }
    }
  }

  /** From the database alone: the run's quotas + its coupons + what they paid = the grant; and the model agrees. */
  async function checkInvariant(top: string, quotas: Map<string, MQuota>, coupons: MCoupon[]): Promise<void> {
    const db = t.deps.db.kysely;
    const quotaIds = [...quotas.keys()];
    const couponIds = coupons.map((c) => c.id);
    const quotaRows = await db.selectFrom('coupon_quotas').select(['id', 'balance']).where('id', 'in', quotaIds).execute();
    const couponRows = couponIds.length ? await db.selectFrom('coupons').select(['id', 'balance', 'status']).where('id', 'in', couponIds).execute() : [];
    const flows = couponIds.length
      ? await db
          .selectFrom('coupon_journal')
          .select(['kind', 'from_id', 'to_id', 'amount'])
          .where((eb) => eb.or([eb('from_id', 'in', couponIds), eb('to_id', 'in', [...couponIds, ...quotaIds])]))
          .where('kind', 'in', ['consume', 'refund', 'refund_to_quota'])
          .execute()
      : [];
    const spent = flows.reduce((s, f) => s + (f.kind === 'consume' ? toFen(f.amount) : -toFen(f.amount)), 0n);
    const quotaSum = quotaRows.reduce((s, r) => s + toFen(r.balance), 0n);
    const couponSum = couponRows.reduce((s, r) => s + toFen(r.balance), 0n);
    assert.equal(quotaSum + couponSum + spent, GRANT, `quota ${quotaSum} + coupons ${couponSum} + spent ${spent} (run of ${top})`);
    assert.ok(spent >= 0n);
    for (const r of quotaRows) assert.equal(toFen(r.balance), quotas.get(r.id)!.balance, `quota ${r.id}`);
    const byId = new Map(coupons.map((c) => [c.id, c]));
    for (const r of couponRows) {
      const m = byId.get(r.id)!;
      assert.deepEqual([toFen(r.balance), r.status], [m.balance, m.status], `coupon ${r.id}`);
    }
  }
});
