import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { toDecimalText } from '../../src/platform/rational.ts';
import { AppError } from '../../src/platform/errors.ts';
import type { Caller } from '../../src/platform/http/caller.ts';
import { demoActor } from '../../src/modules/sandbox/index.ts';
import { listRenewRateOnPeriod, priceSpecChange, quotePeriodProducts, type FindRenewalSubjects, type RenewalSubject } from '../../src/modules/rating/index.ts';

/**
 * The pricing the orders module uses, through the rating module's public entry: renewals (with a
 * stand-in for the subscriptions the orders module will provide), spec changes and order quotes.
 */

const resale = demoActor('resale_customer');
const caller: Caller = { accountId: resale.accountId, accountName: resale.accountName, userId: 'u', role: 'customer', partnerType: null, parentId: null, credential: 'aksk', delegatedBy: null };
const ecs = (spec: string) => ({ service: 'hws.service.type.ec2', resource: 'hws.resource.type.vm', spec, region: 'cn-north-4' });
const disk = (id: string, size: number): RenewalSubject => ({
  resourceId: id,
  product: { service: 'hws.service.type.ebs', resource: 'hws.resource.type.volume', spec: 'GPSSD', region: 'cn-north-4' },
  resourceSize: size,
  sizeMeasureId: 17,
  subscriptionNum: 1,
  children: [],
});
const server: RenewalSubject = { resourceId: 'vm-1', product: ecs('c7.xlarge.2.linux'), resourceSize: null, sizeMeasureId: null, subscriptionNum: 1, children: [disk('vol-1', 40), disk('vol-2', 100)] };
const port: RenewalSubject = { resourceId: 'dc-1', product: { service: 'hws.service.type.dcaas', resource: 'hws.resource.type.dc.port', spec: 'dc.port.1ge', region: 'cn-east-3' }, resourceSize: null, sizeMeasureId: null, subscriptionNum: 1, children: [] };

const subjects: FindRenewalSubjects = async (_customer, ids) =>
  ids.map((id) => {
    if (id === 'vm-1') return { resourceId: id, subject: server };
    if (id === 'dc-1') return { resourceId: id, subject: port };
    if (id === 'vol-1') return { resourceId: id, failure: 'CBC.30050007' as const };
    return { resourceId: id, failure: 'CBC.30050009' as const };
  });

describe('renewal, spec change and order pricing', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.close());

  it('prices a renewal with its child resources, without one-time fees, and reports the failures', async () => {
    // c7.xlarge.2 (4 vCPU, 8 GB): 4 × 45 + 8 × 14 = 292 a month; GPSSD 0.70/GB: 28 + 70.
    // 3 months: vm 876 + disks 84 + 210 = 1170. The DC port: 3 × 2000 = 6000 (no installation fee).
    const res = await listRenewRateOnPeriod(t.deps, caller, { resource_ids: ['vm-1', 'dc-1', 'vol-1', 'gone'], period_type: 2, period_num: 3, include_relative_resources: true }, subjects);
    assert.deepEqual(res.renew_inquiry_results, [
      { resource_id: 'vm-1', amount: '1170' },
      { resource_id: 'dc-1', amount: '6000' },
    ]);
    assert.deepEqual(res.official_website_rating_result, { official_website_amount: '7170' });
    assert.deepEqual(
      res.fail_resource_infos?.map((f) => [f.resource_id, f.error_code]),
      [['vol-1', 'CBC.30050007'], ['gone', 'CBC.30050009']],
    );
    // 605 (ECS ×0.9): 876 → 788.4; 606 (period ×0.92): 7170 → 6596.4; 607 (×0.85): 6094.5, the best.
    assert.deepEqual(
      res.optional_discount_rating_results?.map((o) => [o.discount_type, o.amount, o.discount_amount, o.best_offer]),
      [[605, '7082.4', '87.6', 0], [606, '6596.4', '573.6', 0], [607, '6094.5', '1075.5', 1]],
    );
    // Without the children, only the main resources.
    const mainsOnly = await listRenewRateOnPeriod(t.deps, caller, { resource_ids: ['vm-1'], period_type: 3, period_num: 1 }, subjects);
    assert.deepEqual(mainsOnly.renew_inquiry_results, [{ resource_id: 'vm-1', amount: '2920' }]);
  });

  it('prices an upgrade for the remaining time, and refuses a downgrade', async () => {
    // s6.large.2 (108/month) → c7.large.2 (146/month): 38 a month; 15 days left = 38 × 15/30 = 19.
    const from = new Date('2026-03-01T00:00:00Z');
    const plan = await priceSpecChange(t.deps, {
      customerId: resale.accountId,
      resourceId: 'vm-9',
      from: { product: ecs('s6.large.2.linux') },
      to: { product: ecs('c7.large.2.linux') },
      periodType: 2,
      subscriptionNum: 1,
      remaining: { from, to: new Date(from.getTime() + 15 * 86400_000) },
      places: 2,
    });
    assert.equal(toDecimalText(plan.official, 2), '19');
    assert.deepEqual(plan.options.map((o) => [o.grant.type, toDecimalText(o.amount, 2)]), [[605, '17.1'], [606, '17.48'], [607, '16.15']]);
    // A bigger disk is an upgrade too: 40 → 100 GB of GPSSD (7.00/GB a year) with 73 days left:
    // 60 GB × 7 = 420 a year × 73/365 = 84.
    const bigger = await priceSpecChange(t.deps, {
      customerId: resale.accountId,
      resourceId: 'vol-9',
      from: { product: disk('x', 40).product, resourceSize: 40, sizeMeasureId: 17 },
      to: { product: disk('x', 100).product, resourceSize: 100, sizeMeasureId: 17 },
      periodType: 3,
      subscriptionNum: 1,
      remaining: { from, to: new Date(from.getTime() + 73 * 86400_000) },
    });
    assert.equal(toDecimalText(bigger.official, 6), '84');
    await assert.rejects(
      priceSpecChange(t.deps, {
        customerId: resale.accountId,
        resourceId: 'vm-9',
        from: { product: ecs('c7.large.2.linux') },
        to: { product: ecs('s6.large.2.linux') },
        periodType: 2,
        subscriptionNum: 1,
        remaining: { from, to: new Date(from.getTime() + 86400_000) },
      }),
      (e: unknown) => e instanceof AppError && e.code === 'PBSS.1001',
    );
  });

  it('quotes an order at 2 decimals with the same plan as the inquiry', async () => {
    // A month of s6.small.1.win: 1 × 30 + 1 × 12 + 1 × 25 (Windows) = 67; the best offer ×0.85 = 56.95
    const plan = await quotePeriodProducts(t.deps, {
      customerId: resale.accountId,
      places: 2,
      lines: [{ id: 'a', product: ecs('s6.small.1.win'), periodType: 2, periodNum: 1, subscriptionNum: 1, includeOneTime: true }],
    });
    assert.equal(toDecimalText(plan.official, 2), '67');
    assert.equal(plan.best?.grant.type, 607);
    assert.equal(toDecimalText(plan.best!.amount, 2), '56.95');
  });
});
