import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDecimal, rat, toDecimalText, toExactText, truncate, fromWireNumber, type Rational } from '../../src/platform/rational.ts';
import { conversionFactor, type PriceRule } from '../../src/modules/catalog/index.ts';
import { graduated, onDemandAmount, periodAmount, planQuote, preferredPerLine, prorate, type DiscountGrant, type PlanLine } from '../../src/modules/rating/index.ts';

/** Hand-computed amounts for every pricing shape; the expected values are worked out in the comments. */

const d = (text: string): Rational => parseDecimal(text)!;
const text = (r: Rational, places = 10) => toDecimalText(r, places);

function rule(partial: Omit<Partial<PriceRule>, 'tiers'> & Pick<PriceRule, 'kind' | 'basis'> & { tiers: Array<[string | null, string]> }): PriceRule {
  return {
    entryId: 'e',
    bookCode: 'b',
    usageFactor: partial.kind === 'on_demand' ? 'Duration' : '',
    usageMeasureId: partial.kind === 'on_demand' ? 4 : null,
    periodType: null,
    periodNum: null,
    monthsCappedByYear: false,
    maxPeriodNum: null,
    ...partial,
    tiers: partial.tiers.map(([upTo, price]) => ({ upTo: upTo === null ? null : d(upTo), unitPrice: d(price) })),
  };
}

describe('exact rationals', () => {
  it('parses wire numbers from their shortest text, never through float arithmetic', () => {
    assert.equal(toExactText(fromWireNumber(0.1)!), '0.1');
    assert.equal(toExactText(fromWireNumber(1e-7)!), '0.0000001');
    assert.equal(text(fromWireNumber(0.1 + 0.2)!, 20), '0.30000000000000004');
    assert.equal(toExactText(rat(1, 3)), null);
  });
  it('truncates toward zero, never rounds', () => {
    assert.equal(text(truncate(rat(2, 3), 6)), '0.666666');
    assert.equal(text(truncate(rat(2, 3), 10)), '0.6666666666');
    assert.equal(toDecimalText(d('12.5000'), 6), '12.5');
    assert.equal(toDecimalText(rat(-1, 3), 2), '-0.33');
  });
  it('converts units along the conversion table in either direction', () => {
    const table = {
      units: new Map([[0, 2], [4, 2], [5, 2], [10, 3], [11, 3]]),
      conversions: [
        { measure_id: 0, ref_measure_id: 4, conversion_ratio: 24 },
        { measure_id: 4, ref_measure_id: 5, conversion_ratio: 60 },
        { measure_id: 10, ref_measure_id: 11, conversion_ratio: 1024 },
      ],
    };
    assert.equal(text(conversionFactor(table, 5, 4)!, 20), toDecimalText(rat(1, 60), 20)); // 1 minute = 1/60 hour
    assert.equal(text(conversionFactor(table, 0, 5)!), '1440'); // 1 day = 1440 minutes
    assert.equal(conversionFactor(table, 4, 10), null); // hours are not GB
  });
});

describe('pricing shapes', () => {
  it('tiered (graduated): CDN traffic 60 TB', () => {
    // 10240 GB × 0.20 + (51200 − 10240) × 0.18 + (61440 − 51200) × 0.15 = 2048 + 7372.8 + 1536 = 10956.8
    const tiers = [
      { upTo: d('10240'), unitPrice: d('0.20') },
      { upTo: d('51200'), unitPrice: d('0.18') },
      { upTo: d('102400'), unitPrice: d('0.15') },
      { upTo: null, unitPrice: d('0.12') },
    ];
    assert.equal(text(graduated(d('61440'), tiers)), '10956.8');
    // inside the first tier only: 100 × 0.20
    assert.equal(text(graduated(d('100'), tiers)), '20');
    // beyond the last bound: 2048 + 7372.8 + 7680 + (200000 − 102400) × 0.12 = 17100.8 + 11712 = 28812.8
    assert.equal(text(graduated(d('200000'), tiers)), '28812.8');
  });

  it('linear by size, on demand: 40 GB of SSD for 730 hours × 3 disks', () => {
    // 0.002 /GB/h × 40 GB × 730 h × 3 = 175.2
    const r = rule({ kind: 'on_demand', basis: 'size', tiers: [[null, '0.002']] });
    assert.equal(text(onDemandAmount(r, d('730'), d('40'), 3)), '175.2');
  });

  it('linear and tiered by size: 10 Mbps of bandwidth for 2.5 hours', () => {
    // (5 × 0.063 + 5 × 0.25) × 2.5 = (0.315 + 1.25) × 2.5 = 3.9125
    const r = rule({ kind: 'on_demand', basis: 'size', tiers: [['5', '0.063'], [null, '0.25']] });
    assert.equal(text(onDemandAmount(r, d('2.5'), d('10'), 1)), '3.9125');
  });

  it('flat per hour, asked in minutes: 90 minutes of a 0.225/h server', () => {
    // 90 min × (1/60 h per min) × 0.225 = 0.3375
    const r = rule({ kind: 'on_demand', basis: 'flat', tiers: [[null, '0.225']] });
    assert.equal(text(onDemandAmount(r, rat(90, 60), null, 1)), '0.3375');
  });

  const monthly = rule({ kind: 'period', basis: 'flat', periodType: 2, tiers: [[null, '108']], maxPeriodNum: 12 });
  const yearly = rule({ kind: 'period', basis: 'flat', periodType: 3, tiers: [[null, '1080']] });
  const qty = (periodType: number, periodNum: number, extra: Partial<Parameters<typeof periodAmount>[1]> = {}) => ({
    periodType,
    periodNum,
    size: null,
    count: 1,
    includeOneTime: true,
    ...extra,
  });
  const amountOf = (rules: PriceRule[], q: Parameters<typeof periodAmount>[1]) => {
    const p = periodAmount(rules, q);
    assert.ok(p.ok, 'priced');
    return text(p.amount);
  };

  it('per period: months and years, 12 months dearer than a year unless the book caps them', () => {
    assert.equal(amountOf([monthly, yearly], qty(2, 3)), '324'); // 3 × 108
    assert.equal(amountOf([monthly, yearly], qty(3, 2, { count: 2 })), '4320'); // 2 years × 1080 × 2 servers
    assert.equal(amountOf([monthly, yearly], qty(2, 12)), '1296'); // 12 × 108 > 1080
    const capped = { ...monthly, monthsCappedByYear: true, maxPeriodNum: 24 };
    assert.equal(amountOf([capped, yearly], qty(2, 12)), '1080'); // capped at one year
    assert.equal(amountOf([capped, yearly], qty(2, 11)), '1080'); // 11 × 108 = 1188 > 1080
    assert.equal(amountOf([capped, yearly], qty(2, 9)), '972'); // 9 × 108 < 1080
    assert.equal(amountOf([capped, yearly], qty(2, 14)), '1296'); // 1080 + 2 × 108
  });

  it('per period: an exact term price wins over the per-period price; other terms are unavailable', () => {
    const sixMonths = rule({ kind: 'period', basis: 'flat', periodType: 2, periodNum: 6, tiers: [[null, '550']] });
    assert.equal(amountOf([monthly, sixMonths], qty(2, 6)), '550');
    assert.deepEqual(periodAmount([monthly, yearly], qty(2, 13)), { ok: false, reason: 'period_unavailable' }); // max 12 months
    assert.deepEqual(periodAmount([monthly, yearly], qty(0, 7)), { ok: false, reason: 'period_unavailable' }); // no daily price
    assert.deepEqual(periodAmount([], qty(2, 1)), { ok: false, reason: 'not_sold_by_period' });
  });

  it('one-time fees are paid on a new purchase only', () => {
    const port = rule({ kind: 'period', basis: 'flat', periodType: 2, tiers: [[null, '2000']] });
    const install = rule({ kind: 'one_time', basis: 'flat', tiers: [[null, '1500']] });
    assert.equal(amountOf([port, install], qty(2, 3, { count: 2 })), '15000'); // (3 × 2000 + 1500) × 2
    assert.equal(amountOf([port, install], qty(2, 3, { count: 2, includeOneTime: false })), '12000');
  });

  it('linear by size per period: 19_bgp 10 Mbps for a year', () => {
    // 5 × 230 + 5 × 800 = 5150
    const bw = rule({ kind: 'period', basis: 'size', periodType: 3, tiers: [['5', '230'], [null, '800']] });
    assert.equal(amountOf([bw], qty(3, 1, { size: d('10') })), '5150');
  });

  it('prorates exactly (refunds and spec changes)', () => {
    // 1080 × 10 days / 365 days = 29.58904109589041...
    assert.equal(toDecimalText(prorate(d('1080'), 10 * 86400000, 365 * 86400000), 6), '29.589041');
  });
});

const grant = (id: string, type: 605 | 606 | 607, ratio: string, extra: Partial<DiscountGrant> = {}): DiscountGrant => ({
  id,
  type,
  name: `${type}`,
  ratio: d(ratio),
  serviceTypeCode: null,
  resourceTypeCode: null,
  chargeMode: 'all',
  effectiveFrom: '2020-01-01T00:00:00.000Z',
  effectiveTo: null,
  ...extra,
});
const line = (id: string, official: string, service = 'ecs', mode: 'period' | 'on_demand' = 'period'): PlanLine => ({
  id,
  productId: `P${id}`,
  serviceTypeCode: service,
  resourceTypeCode: `${service}.r`,
  mode,
  official: d(official),
});
const AT = '2026-01-01T00:00:00.000Z';

describe('discounts and the best offer', () => {
  it('one result per discount that applies; amount = official − discount on every line and total', () => {
    const plan = planQuote({
      lines: [line('1', '108', 'ecs'), line('2', '800', 'evs')],
      discounts: [grant('B', 605, '0.9', { serviceTypeCode: 'ecs' }), grant('C', 606, '0.92'), grant('P', 607, '0.85'), grant('X', 605, '0.5', { serviceTypeCode: 'cdn' })],
      partnerDiscountAllowed: () => true,
      at: AT,
      places: 6,
    });
    assert.equal(text(plan.official), '908');
    assert.deepEqual(plan.options.map((o) => o.grant.id), ['B', 'C', 'P']); // X applies to nothing
    const [b, c, p] = plan.options;
    // 605 on ECS only: 108 × 0.9 = 97.2; EVS unchanged
    assert.deepEqual(b!.lines.map((l) => [text(l.amount), text(l.discount)]), [['97.2', '10.8'], ['800', '0']]);
    assert.equal(text(c!.amount), '835.36'); // 908 × 0.92
    assert.equal(text(p!.discount), '136.2'); // 908 × 0.15
    assert.equal(plan.best?.grant.id, 'P');
    assert.deepEqual(plan.options.map((o) => o.bestOffer), [false, false, true]);
  });

  it('best offer ties go to the business discount, then the channel one, then the partner one', () => {
    const plan = planQuote({ lines: [line('1', '100')], discounts: [grant('P', 607, '0.8'), grant('C', 606, '0.8'), grant('B', 605, '0.8')], partnerDiscountAllowed: () => true, at: AT, places: 6 });
    assert.equal(plan.best?.grant.id, 'B');
  });

  it('partner discounts skip services whose policy forbids them; expired and other-mode discounts do not apply', () => {
    const plan = planQuote({
      lines: [line('1', '100', 'cdn', 'on_demand')],
      discounts: [grant('P', 607, '0.8'), grant('OLD', 605, '0.5', { effectiveTo: '2025-01-01T00:00:00.000Z' }), grant('PER', 606, '0.5', { chargeMode: 'period' })],
      partnerDiscountAllowed: (s) => s !== 'cdn',
      at: AT,
      places: 6,
    });
    assert.deepEqual(plan.options, []);
    assert.equal(plan.best, null);
  });

  it('on-demand answers prefer the business discount even when the partner one saves more', () => {
    const plan = planQuote({ lines: [line('1', '0.225', 'ecs', 'on_demand')], discounts: [grant('P', 607, '0.85'), grant('B', 605, '0.9')], partnerDiscountAllowed: () => true, at: AT, places: 6 });
    const chosen = preferredPerLine(plan).get('1');
    assert.equal(chosen?.option.grant.id, 'B');
    assert.equal(text(chosen!.line.amount), '0.2025'); // 0.225 × 0.9
    assert.equal(plan.best?.grant.id, 'P'); // the best offer rule (largest saving) is for yearly/monthly results
  });

  it('truncates each line once: 6 decimals by default, 10 on request', () => {
    // 1/3 yuan × 0.85 = 0.28333...: official 0.333333, discounted 0.283333
    const lines = [{ ...line('1', '0'), official: rat(1, 3) }];
    const six = planQuote({ lines, discounts: [grant('P', 607, '0.85')], partnerDiscountAllowed: () => true, at: AT, places: 6 });
    assert.equal(text(six.official), '0.333333');
    assert.equal(text(six.options[0]!.amount), '0.283333');
    assert.equal(text(six.options[0]!.discount), '0.05');
    const ten = planQuote({ lines, discounts: [grant('P', 607, '0.85')], partnerDiscountAllowed: () => true, at: AT, places: 10 });
    assert.equal(text(ten.official), '0.3333333333');
    assert.equal(text(ten.options[0]!.amount), '0.2833333333');
  });
});
