import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { AppError } from '../../src/platform/errors.ts';
import { formatAmount, toFen } from '../../src/platform/money.ts';
import {
  allocateToCustomer,
  allocateToIndirectPartner,
  listPartnerBalances,
  reclaimFromCustomer,
  reclaimFromIndirectPartner,
  recordTopUp,
  showCustomerBalances,
} from '../../src/modules/funds/index.ts';
import { BalanceType, SYSTEM_ACCOUNTS, findBalances, verifyLedger } from '../../src/modules/ledger/index.ts';
import { callerOf, createWorld, type Actor, type World } from './factories.ts';

/**
 * Model-based test of the funds use cases: random sequences of top-ups, allocations and reclaims
 * (direct, by a tier-1 for its tier-2, by the tier-2 itself), tier-2 transfers and balance reads,
 * each checked against a small in-memory model: the outcome (success or the documented error code),
 * then every balance, then that the postings of every entry so far sum to zero.
 *
 * One database and one tree of accounts serve every run; each run starts its model from the
 * balances the database holds, so runs are independent of one another's leftovers.
 */
const RUNS = Number(process.env.FUNDS_MODEL_RUNS ?? 1000);

const PARTNERS = ['D', 'R', 'P'] as const;
const CUSTOMERS = ['C1', 'C2', 'CR', 'CP', 'CF', 'X'] as const;
type PartnerKey = (typeof PARTNERS)[number];
type CustomerKey = (typeof CUSTOMERS)[number];
type OwnerKey = PartnerKey | CustomerKey | 'R2';

type Command =
  | { t: 'topUp'; who: PartnerKey; fen: bigint; designated: bigint }
  | { t: 'allocate' | 'reclaim'; caller: PartnerKey; customer: CustomerKey; indirect: 'R' | 'R2' | null; fen: bigint; exact: boolean }
  | { t: 'indirectAllocate' | 'indirectReclaim'; target: 'R' | 'R2'; fen: bigint; exact: boolean }
  | { t: 'read'; who: OwnerKey };

const fen = fc.oneof(fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 1n, max: 50_000_000n }));
/** Caller, customer and indirect_partner_id that belong together (most random triples do not). */
const FITTING = [
  { caller: 'D', customer: 'C1', indirect: null },
  { caller: 'D', customer: 'C2', indirect: null },
  { caller: 'D', customer: 'CR', indirect: 'R' },
  { caller: 'R', customer: 'CR', indirect: null },
  { caller: 'R', customer: 'CR', indirect: 'R' },
  { caller: 'P', customer: 'CP', indirect: null },
] as const;
const customerMove = (t: 'allocate' | 'reclaim') =>
  fc.record({ pair: fc.constantFrom(...FITTING), fen, exact: fc.boolean() }).map((r): Command => ({ t, ...r.pair, fen: r.fen, exact: r.exact }));
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: customerMove('allocate'), weight: 2 },
  { arbitrary: customerMove('reclaim'), weight: 2 },
  fc.record({ t: fc.constant('topUp' as const), who: fc.constantFrom(...PARTNERS), fen, designated: fc.bigInt({ min: 0n, max: 10_000n }) }).map((c) => ({
    ...c,
    designated: c.designated > c.fen ? c.fen : c.designated,
  })),
  fc.record({
    t: fc.constantFrom('allocate' as const, 'reclaim' as const),
    caller: fc.constantFrom(...PARTNERS),
    customer: fc.constantFrom(...CUSTOMERS),
    indirect: fc.constantFrom(null, null, 'R' as const, 'R2' as const),
    fen,
    exact: fc.boolean(),
  }),
  fc.record({ t: fc.constantFrom('indirectAllocate' as const, 'indirectReclaim' as const), target: fc.constantFrom('R' as const, 'R' as const, 'R2' as const), fen, exact: fc.boolean() }),
  fc.record({ t: fc.constant('read' as const), who: fc.constantFrom<OwnerKey>(...PARTNERS, ...CUSTOMERS, 'R2') }),
);

interface Model {
  cash: Map<string, bigint>;
  designated: Map<string, bigint>;
}

describe(`funds model (${DIALECT}, ${RUNS} runs)`, () => {
  let t: TestApp;
  let w: World;
  let actors: Record<OwnerKey, Actor>;
  /** Which partner each customer belongs to, and whether it is resale. */
  let owner: Record<CustomerKey, { partner: string; resale: boolean }>;
  let steps = 0;
  const outcomes = new Map<string, number>();

  before(async () => {
    t = await startTestApp({ seed: false });
    w = await createWorld(t.deps);
    actors = {
      D: w.distributor,
      R: w.reseller,
      P: w.provider,
      R2: w.otherReseller,
      C1: w.customer,
      C2: w.customer2,
      CR: w.resellerCustomer,
      CP: w.providerCustomer,
      CF: w.referralCustomer,
      X: w.foreignCustomer,
    };
    owner = {
      C1: { partner: w.distributor.id, resale: true },
      C2: { partner: w.distributor.id, resale: true },
      CR: { partner: w.reseller.id, resale: true },
      CP: { partner: w.provider.id, resale: true },
      CF: { partner: w.distributor.id, resale: false },
      X: { partner: w.otherDistributor.id, resale: true },
    };
  });
  after(async () => t.close());

  const tracked = () => [...Object.values(actors).map((a) => a.id), SYSTEM_ACCOUNTS.external.ownerId];

  async function snapshot(): Promise<Model> {
    const balances = await findBalances(t.deps.db.kysely, tracked());
    const model: Model = { cash: new Map(), designated: new Map() };
    for (const id of tracked()) {
      const cash = balances.get(id)?.find((b) => b.balanceType === BalanceType.cash);
      model.cash.set(id, cash?.balance ?? 0n);
      model.designated.set(id, cash?.designated ?? 0n);
    }
    return model;
  }

  const available = (m: Model, id: string) => m.cash.get(id)! - m.designated.get(id)!;
  const move = (m: Model, from: string, to: string, amount: bigint) => {
    m.cash.set(from, m.cash.get(from)! - amount);
    m.cash.set(to, m.cash.get(to)! + amount);
  };

  /** The partner a caller acts for, or null when naming indirect_partner_id earns CBC.99000037. */
  function acting(caller: PartnerKey, indirect: 'R' | 'R2' | null): string | null {
    if (indirect === null) return actors[caller].id;
    if (caller === 'D' && indirect === 'R') return actors.R.id;
    if (caller === 'R' && indirect === 'R') return actors.R.id;
    return null;
  }

  /** Runs one command against the model: returns the expected error code, or applies it and returns null. */
  function expect(m: Model, c: Command, amount: bigint): string | null {
    switch (c.t) {
      case 'topUp':
        m.cash.set(actors[c.who].id, m.cash.get(actors[c.who].id)! + c.fen);
        m.designated.set(actors[c.who].id, m.designated.get(actors[c.who].id)! + c.designated);
        m.cash.set(SYSTEM_ACCOUNTS.external.ownerId, m.cash.get(SYSTEM_ACCOUNTS.external.ownerId)! - c.fen);
        return null;
      case 'allocate':
      case 'reclaim': {
        const partner = acting(c.caller, c.indirect);
        if (partner === null) return 'CBC.99000037';
        const customer = owner[c.customer];
        if (customer.partner !== partner) return 'CBC.99000035';
        if (!customer.resale) return 'CBC.5021';
        const [from, to] = c.t === 'allocate' ? [partner, actors[c.customer].id] : [actors[c.customer].id, partner];
        if (available(m, from) < amount) return 'CBC.99005003';
        move(m, from, to, amount);
        return null;
      }
      case 'indirectAllocate':
      case 'indirectReclaim': {
        if (c.target !== 'R') return 'CBC.99000037';
        const [from, to] = c.t === 'indirectAllocate' ? [actors.D.id, actors.R.id] : [actors.R.id, actors.D.id];
        if (available(m, from) < amount) return 'CBC.99005003';
        move(m, from, to, amount);
        return null;
      }
      case 'read':
        return null;
    }
  }

  /** The amount a command moves: its own, or (exact) everything the paying side may give. */
  function amountOf(m: Model, c: Command): bigint {
    if (c.t === 'topUp') return c.fen;
    if (c.t === 'read') return 0n;
    if (!c.exact) return c.fen;
    let payer: string | null;
    if ('target' in c) payer = c.t === 'indirectAllocate' ? actors.D.id : actors[c.target].id;
    else payer = c.t === 'allocate' ? acting(c.caller, c.indirect) : actors[c.customer].id;
    if (payer === null) return c.fen;
    const all = available(m, payer);
    return all > 0n ? all : 1n;
  }

  async function run(c: Command, amount: bigint): Promise<void> {
    const d = t.deps;
    switch (c.t) {
      case 'topUp':
        await recordTopUp(d, { partnerId: actors[c.who].id, amount, designated: c.designated, createdBy: 'model' });
        return;
      case 'allocate':
      case 'reclaim': {
        const input = { customerId: actors[c.customer].id, amount, indirectPartnerId: c.indirect ? actors[c.indirect].id : null };
        const res = c.t === 'allocate' ? await allocateToCustomer(d, callerOf(actors[c.caller]), input) : await reclaimFromCustomer(d, callerOf(actors[c.caller]), input);
        assert.match(Object.values(res)[0]!, c.t === 'allocate' ? /^AD/ : /^RE/);
        return;
      }
      case 'indirectAllocate':
      case 'indirectReclaim': {
        const input = { indirectPartnerId: actors[c.target].id, amount };
        await (c.t === 'indirectAllocate' ? allocateToIndirectPartner(d, callerOf(actors.D), input) : reclaimFromIndirectPartner(d, callerOf(actors.D), input));
        return;
      }
      case 'read':
        return;
    }
  }

  async function checkRead(m: Model, who: OwnerKey): Promise<void> {
    const a = actors[who];
    if (a.role === 'customer') {
      const res = await showCustomerBalances(t.deps, callerOf(a));
      assert.equal(res.account_balances!.find((b) => b.account_type === 1)!.amount, formatAmount(m.cash.get(a.id)!));
      return;
    }
    const res = await listPartnerBalances(t.deps, callerOf(a), {});
    const byType = new Map(res.account_balances!.map((b) => [b.account_type, b]));
    assert.equal(byType.get(1)!.amount, formatAmount(m.cash.get(a.id)!));
    assert.equal(byType.get(1)!.designated_amount, formatAmount(m.designated.get(a.id)!));
    assert.equal(byType.get(8)!.amount, formatAmount(available(m, a.id)));
  }

  async function checkInvariants(m: Model, firstEntry: number): Promise<void> {
    const real = await snapshot();
    assert.deepEqual(real.cash, m.cash, 'balances differ from the model');
    assert.deepEqual(real.designated, m.designated, 'designated amounts differ from the model');
    const sum = await t.deps.db.kysely
      .selectFrom('ledger_postings')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string | number>('amount'), sql<number>`0`).as('total'))
      .where('entry_id', '>=', firstEntry)
      .executeTakeFirstOrThrow();
    assert.equal(toFen(sum.total), 0n, 'postings do not sum to zero');
  }

  it('every step matches the model, and the postings always sum to zero', async () => {
    const firstEntry = async () =>
      Number((await t.deps.db.kysely.selectFrom('ledger_entries').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0) + 1;
    const from = await firstEntry();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (cmds) => {
        const model = await snapshot();
        for (const c of cmds) {
          steps++;
          const amount = amountOf(model, c);
          const expected = expect(model, c, amount);
          let actual: string | null = null;
          try {
            await run(c, amount);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            actual = e.code;
          }
          assert.equal(actual, expected, `${JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))} with ${amount}`);
          const outcome = `${c.t}:${actual ?? 'ok'}`;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          if (c.t === 'read') await checkRead(model, c.who);
          await checkInvariants(model, from);
        }
      }),
      { numRuns: RUNS },
    );
    const report = await verifyLedger(t.deps.db.kysely);
    assert.deepEqual(report.problems, []);
    process.stdout.write(`# funds model ${DIALECT}: ${RUNS} runs, ${steps} steps, ${report.entries} entries\n`);
    process.stdout.write(`# outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}\n`);
    // Every kind of command both succeeded and failed at least once.
    for (const t of ['allocate', 'reclaim', 'indirectAllocate', 'indirectReclaim']) {
      assert.ok(outcomes.get(`${t}:ok`), `${t} never succeeded`);
      assert.ok(outcomes.get(`${t}:CBC.99005003`), `${t} was never short`);
    }
  });
});
