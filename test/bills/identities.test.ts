/**
 * Amount identities of the bill reads, as properties over generated months of bill records (both
 * dialects): every record and every sum keeps official = discount + erase + consume and consume =
 * the sum of its payment parts; a month's sum equals the sum of its fee records, however grouped;
 * a partner's sums equal its resale customers' records; amortisation never creates or loses a fen.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Insertable } from 'kysely';
import type { BillRecordsTable } from '../../src/platform/db/schema.ts';
import { iso } from '../../src/platform/deps.ts';
import { parseAmountText, type Fen } from '../../src/platform/money.ts';
import { createCustomerAccount } from '../../src/modules/identity/index.ts';
import {
  amortize,
  amountsAddUp,
  listFeeRecords,
  listMonthlyBreakdown,
  listResourceRecords,
  listSubcustomerMonthlyBills,
  shareOfMonth,
  showMonthlySum,
  splitAcross,
  sumAmounts,
  type BillAmounts,
} from '../../src/modules/bills/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/db.ts';
import { callerOf, createWorld, type Actor, type World } from '../funds/factories.ts';

const fen = (x: unknown): Fen => parseAmountText(String(x), 'amount', { allowZero: true, allowNegative: true, max: 10n ** 15n });
const PAYMENTS = ['cash', 'credit', 'coupon', 'flexipurchaseCoupon', 'storedCard', 'bonus', 'debt', 'writeoff'] as const;

/** A generated record: kind, payment parts, discount and truncation, a moment of the month, a term. */
const recordArb = fc.record({
  billType: fc.constantFrom(1, 2, 4, 5, 8, 24, 25),
  parts: fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 8, maxLength: 8 }),
  zeroParts: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  discount: fc.integer({ min: 0, max: 100_000 }),
  erase: fc.integer({ min: 0, max: 99 }),
  day: fc.integer({ min: 1, max: 28 }),
  second: fc.integer({ min: 0, max: 86_399 }),
  termDays: fc.integer({ min: 1, max: 400 }),
  service: fc.constantFrom('hws.service.type.ec2', 'hws.service.type.ebs', 'hws.service.type.vpc'),
  resource: fc.integer({ min: 1, max: 4 }),
});

const amountsArb = fc.record({
  parts: fc.array(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), { minLength: 8, maxLength: 8 }),
  discount: fc.bigInt({ min: -(10n ** 8n), max: 10n ** 8n }),
  erase: fc.bigInt({ min: -99n, max: 99n }),
});

function amountsOf(g: { parts: readonly bigint[]; discount: bigint; erase: bigint }): BillAmounts {
  const a = Object.fromEntries(PAYMENTS.map((k, i) => [k, g.parts[i]!])) as Record<(typeof PAYMENTS)[number], bigint>;
  const consume = PAYMENTS.reduce((s, k) => s + a[k], 0n);
  return { ...a, consume, discount: g.discount, erase: g.erase, official: g.discount + g.erase + consume };
}

describe('amortisation (pure)', () => {
  it('splits any amount over any cuts into parts that add up to it', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 1, max: 10 ** 9 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), (total, length, fractions) => {
        const cuts = [...new Set(fractions.map((f) => Math.floor(f * length)).filter((c) => c > 0 && c < length))].sort((a, b) => a - b);
        const parts = splitAcross(total, 0, length, cuts);
        assert.equal(parts.length, cuts.length + 1);
        assert.equal(parts.reduce((s, p) => s + p, 0n), total);
      }),
    );
  });

  it('spreads a record by month and by day keeping its identities in every part and in total', () => {
    fc.assert(
      fc.property(amountsArb, fc.integer({ min: 0, max: 10 ** 11 }), fc.integer({ min: 1, max: 3 * 366 * 86_400_000 }), fc.constantFrom('month' as const, 'day' as const), (g, startOffset, length, unit) => {
        const amounts = amountsOf(g);
        const start = Date.UTC(2024, 0, 1) + startOffset;
        const segments = amortize(amounts, start, start + length, unit);
        for (const s of segments) assert.ok(amountsAddUp(s.amounts), s.key);
        assert.deepEqual(sumAmounts(segments.map((s) => s.amounts)), amounts);
        const keys = segments.map((s) => s.key);
        assert.deepEqual(keys, [...keys].sort());
        assert.equal(new Set(keys).size, keys.length);
      }),
      { numRuns: 200 },
    );
  });

  it('past + current + future of any month is the whole record', () => {
    fc.assert(
      fc.property(amountsArb, fc.integer({ min: 1, max: 800 }), fc.integer({ min: -3, max: 30 }), (g, days, monthOffset) => {
        const amounts = amountsOf(g);
        const start = Date.UTC(2025, 4, 17, 3);
        const record = { chargeMode: 1, effectiveTime: new Date(start).toISOString(), expireTime: new Date(start + days * 86_400_000).toISOString(), billCycle: '2025-05', amounts };
        const m = new Date(Date.UTC(2025, 4 + monthOffset, 1));
        const month = m.toISOString().slice(0, 7);
        const share = shareOfMonth(record, month);
        assert.deepEqual(sumAmounts([share.past, share.current, share.future]), amounts);
        assert.ok(amountsAddUp(share.current));
      }),
      { numRuns: 200 },
    );
  });
});

describe(`a month of bill records adds up in every read (${DIALECT})`, () => {
  let t: TestApp;
  let w: World;
  before(async () => {
    t = await startTestApp();
    w = await createWorld(t.deps);
  });
  after(async () => t?.close());

  let n = 0;
  async function freshCustomer(): Promise<Actor> {
    const c = await createCustomerAccount(t.deps, { name: `bills-prop-${process.pid}-${++n}-${randomBytes(2).toString('hex')}`, partnerId: w.distributor.id, associationType: 2 });
    return { id: c.id, name: c.name, role: 'customer', partnerType: null, parentId: null };
  }

  it('fee records, monthly sums, resource statements, breakdowns and partner sums agree', async () => {
    const now = t.deps.clock.now();
    const cycle = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const [y, m] = cycle.split('-').map(Number) as [number, number];
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 0, maxLength: 25 }), async (generated) => {
        const customer = await freshCustomer();
        const caller = callerOf(customer);
        const rows: Insertable<BillRecordsTable>[] = generated.map((g, i) => {
          const sign = g.billType === 4 || g.billType === 24 ? -1n : 1n;
          const onDemand = g.billType === 5 || g.billType === 25;
          // Usage is paid by cash, credit or debt only, with no truncation (as rating writes it).
          const usable = (j: number) => !onDemand || j === 0 || j === 1 || j === 6;
          const parts = g.parts.map((p, j) => (g.zeroParts[j] || !usable(j) ? 0n : BigInt(p) * sign));
          const a = amountsOf({ parts, discount: BigInt(g.discount) * sign, erase: onDemand ? 0n : BigInt(g.erase) * sign });
          const at = new Date(Date.UTC(y, m - 1, g.day) - 8 * 3_600_000 + g.second * 1000);
          const china = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
          return {
            id: `BRT${randomBytes(8).toString('hex')}${i}`,
            customer_id: customer.id,
            partner_id: w.distributor.id,
            bill_type: g.billType,
            charge_mode: onDemand ? 3 : 1,
            trade_id: `T${i}`,
            order_id: onDemand ? '' : `CS${i}`,
            line_item_id: null,
            resource_id: `res-${g.resource}`,
            parent_resource_id: null,
            service_type_code: g.service,
            resource_type_code: 'hws.resource.type.x',
            region_code: 'cn-north-4',
            spec_code: 'spec',
            product_id: 'p',
            resource_size: null,
            size_measure_id: null,
            period_type: onDemand ? 25 : 20,
            period_num: 1,
            effective_time: iso(at),
            expire_time: iso(new Date(at.getTime() + (onDemand ? 3_600_000 : g.termDays * 86_400_000))),
            official_amount: a.official,
            discount_amount: a.discount,
            erase_amount: a.erase,
            consume_amount: a.consume,
            cash_amount: a.cash,
            credit_amount: a.credit,
            coupon_amount: a.coupon,
            flexipurchase_coupon_amount: a.flexipurchaseCoupon,
            stored_card_amount: a.storedCard,
            bonus_amount: a.bonus,
            debt_amount: a.debt,
            writeoff_amount: a.writeoff,
            discount_type: null,
            payment_status: 1,
            trade_time: iso(at),
            bill_cycle: cycle,
            bill_date: china,
            created_at: iso(at),
          };
        });
        await writeMonth(t, rows);

        const records = (await listFeeRecords(t.deps, caller, { bill_cycle: cycle, limit: 1000 }, 'zh_CN')).records ?? [];
        assert.equal(records.length, rows.length);
        const recordSum = (k: string) => records.reduce((s, r) => s + fen((r as Record<string, unknown>)[k]), 0n);
        for (const r of records) {
          assert.equal(fen(r.official_amount), fen(r.official_discount_amount) + fen(r.erase_amount) + fen(r.consume_amount));
          const paid = ['cash_amount', 'credit_amount', 'coupon_amount', 'flexipurchase_coupon_amount', 'stored_value_card_amount', 'bonus_amount', 'debt_amount', 'writeoff_amount'].reduce((s, k) => s + fen((r as Record<string, unknown>)[k]), 0n);
          assert.equal(fen(r.consume_amount), paid);
        }

        const sum = await showMonthlySum(t.deps, caller, { bill_cycle: cycle, limit: 1000 }, 'zh_CN');
        for (const k of ['consume_amount', 'cash_amount', 'credit_amount', 'coupon_amount', 'debt_amount', 'writeoff_amount', 'flexipurchase_coupon_amount', 'stored_value_card_amount'] as const) {
          assert.equal(fen(sum[k]), recordSum(k), `monthly ${k} = sum of fee records`);
        }
        const lines = sum.bill_sums ?? [];
        assert.equal(lines.reduce((s, l) => s + fen(l.consume_amount), 0n), fen(sum.consume_amount));
        for (const l of lines) assert.equal(fen(l.official_amount), fen(l.official_discount_amount) + fen(l.truncated_amount) + fen(l.consume_amount));
        assert.equal(lines.reduce((s, l) => s + fen(l.official_amount), 0n), recordSum('official_amount'));

        for (const statistic of [1, 2] as const) {
          const statement = (await listResourceRecords(t.deps, caller, { cycle, statistic_type: statistic, limit: 1000 }, 'zh_CN')).fee_records ?? [];
          assert.equal(statement.reduce((s, r) => s + fen(r.amount), 0n), recordSum('consume_amount'), `statistic_type ${statistic}`);
          assert.equal(statement.reduce((s, r) => s + fen(r.official_amount), 0n), recordSum('official_amount'));
        }

        const breakdown = (await listMonthlyBreakdown(t.deps, caller, { shared_month: cycle, limit: 1000 }, 'zh_CN')).details ?? [];
        for (const d of breakdown) {
          assert.equal(fen(d.consume_amount), fen(d.past_months_amortized_amount) + fen(d.current_month_amortized_amount) + fen(d.future_months_amortized_amount));
        }

        const partner = await listSubcustomerMonthlyBills(t.deps, callerOf(w.distributor), { cycle, charge_mode: '1', customer_id: customer.id, limit: 100 });
        const prepaid = records.filter((r) => r.charging_mode === 1).reduce((s, r) => s + fen(r.consume_amount), 0n);
        assert.equal((partner.bill_sums ?? []).reduce((s, b) => s + fen(b.amount), 0n), prepaid);
      }),
      { numRuns: DIALECT === 'postgres' ? 15 : 25 },
    );
  });
});

/**
 * Writes a generated month as the writers would: every record in bill_records, and the on-demand
 * usage ones (types 5 and 25) also added to usage_cycle_sums, as usage rating does.
 */
async function writeMonth(t: TestApp, rows: Insertable<BillRecordsTable>[]): Promise<void> {
  await t.deps.db.kysely.transaction().execute(async (trx) => {
    for (const r of rows) {
      await trx.insertInto('bill_records').values(r).execute();
      if (r.charge_mode !== 3) continue;
      const key = { customer_id: r.customer_id, bill_cycle: r.bill_cycle, partner_id: r.partner_id ?? '', service_type_code: r.service_type_code, resource_type_code: r.resource_type_code, region_code: r.region_code };
      const found = await trx.selectFrom('usage_cycle_sums').selectAll().where('customer_id', '=', key.customer_id).where('bill_cycle', '=', key.bill_cycle).where('service_type_code', '=', key.service_type_code).where('resource_type_code', '=', key.resource_type_code).where('region_code', '=', key.region_code).where('partner_id', '=', key.partner_id).executeTakeFirst();
      const add = (k: 'official_amount' | 'discount_amount' | 'consume_amount' | 'cash_amount' | 'credit_amount' | 'debt_amount') => BigInt(found?.[k] ?? 0) + BigInt(r[k] ?? 0);
      const values = {
        official_amount: add('official_amount'),
        discount_amount: add('discount_amount'),
        consume_amount: add('consume_amount'),
        cash_amount: add('cash_amount'),
        credit_amount: add('credit_amount'),
        debt_amount: add('debt_amount'),
        consume_e8: BigInt(found?.consume_e8 ?? 0) + (r.bill_type === 5 ? BigInt(r.consume_amount ?? 0) * 1_000_000n : 0n),
        record_count: BigInt(found?.record_count ?? 0) + 1n,
        updated_at: r.created_at,
      };
      if (found) {
        await trx.updateTable('usage_cycle_sums').set(values).where('customer_id', '=', key.customer_id).where('bill_cycle', '=', key.bill_cycle).where('service_type_code', '=', key.service_type_code).where('resource_type_code', '=', key.resource_type_code).where('region_code', '=', key.region_code).where('partner_id', '=', key.partner_id).execute();
      } else {
        await trx.insertInto('usage_cycle_sums').values({ ...key, ...values }).execute();
      }
    }
  });
}
