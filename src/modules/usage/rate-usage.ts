import type { Insertable } from 'kysely';
import type { FreeResourceUsagesTable } from '../../platform/db/schema.ts';
import { iso } from '../../platform/deps.ts';
import { cmp, sub, ZERO, type Rational } from '../../platform/rational.ts';
import { onDemandAmount } from '../rating/index.ts';
import { freeUsageRows, packageStates, takeFreeUsage, type FreeTake } from './apply-free-packages.ts';
import { groupRecords, idSequence, PricingLookups, resolveGroups, settleGroups, decimalText, type PricedGroup, type RatingDeps } from './rating-core.ts';
import { addHours, hourStartOf } from './usage-calendar.ts';
import { claimNewRecords, findUsablePackages, insertFreeUsages, updatePackageUse } from './usage.repo.ts';

export interface RateUsageOptions {
  /** Records claimed per transaction. */
  limit?: number;
  /** Tests: called inside the transaction after everything is written, before the commit. */
  beforeCommit?: () => void | Promise<void>;
}

const NO_TAKES: FreeTake[] = [];

export interface RateResult {
  records: number;
  lines: number;
  unrateable: number;
}

/**
 * One pass of the hourly on-demand rating, in one transaction: claims the oldest unrated records
 * of hours that have ended, takes free packages first, prices each resource's hour with the
 * catalog's on-demand price in force then and the customer's discounts (exact to 10^-8 yuan,
 * truncated once to fen), charges cash then credit (debt for the rest), writes the rated lines,
 * their bill records and the cycle sums, and marks the records rated. A crash before the commit
 * leaves nothing; a second worker takes other records (PostgreSQL: SKIP LOCKED; SQLite: one
 * writer), and a record rated meanwhile fails the pass rather than being rated twice.
 */
export async function rateUsage(deps: RatingDeps, options: RateUsageOptions = {}): Promise<RateResult> {
  const now = deps.clock.now();
  const at = iso(now);
  return deps.db.kysely.transaction().execute(async (trx) => {
    const claimed = await claimNewRecords(trx, iso(hourStartOf(now)), options.limit ?? 5000);
    if (claimed.length === 0) return { records: 0, lines: 0, unrateable: 0 };
    const lookups = new PricingLookups(deps, trx);
    const hourEnds = new Map<string, string>();
    const groups = groupRecords(claimed, (r) => {
      let end = hourEnds.get(r.hour_start);
      if (end === undefined) hourEnds.set(r.hour_start, (end = iso(addHours(new Date(r.hour_start), 1))));
      return { start: r.hour_start, end };
    });
    const { resolved, unrateable } = await resolveGroups(lookups, groups);
    const units = await lookups.units();

    let first: string | null = null;
    let last: string | null = null;
    for (const { group } of resolved) {
      if (first === null || group.periodStart < first) first = group.periodStart;
      if (last === null || group.periodStart > last) last = group.periodStart;
    }
    const packages = packageStates(first !== null && last !== null ? await findUsablePackages(trx, resolved.map((r) => r.group.records[0]!.customer_id), first, iso(addHours(new Date(last), 1))) : []);
    const takes: FreeTake[][] = [];
    // Lines of one price and the same usage cost the same: priced once per pass.
    const amounts = new Map<object, Map<string, Rational>>();
    const priced: PricedGroup[] = resolved.map(({ group, rule, usage }) => {
      const r = group.records[0]!;
      let covered = ZERO;
      let charged = usage;
      if (packages.length) {
        const free = takeFreeUsage(packages, { customerId: r.customer_id, serviceTypeCode: r.service_type_code, resourceTypeCode: r.resource_type_code, regionCode: r.region_code, usageType: rule.usageType.code, at: group.periodStart, usage, measureId: rule.priceMeasureId }, units);
        takes.push(free.takes);
        covered = free.covered;
        charged = sub(usage, covered);
      } else {
        takes.push(NO_TAKES);
      }
      let official = ZERO;
      if (cmp(charged, ZERO) > 0) {
        let byUsage = amounts.get(rule);
        if (!byUsage) amounts.set(rule, (byUsage = new Map()));
        const key = `${charged.n}/${charged.d}`;
        const known = byUsage.get(key);
        if (known) official = known;
        else byUsage.set(key, (official = onDemandAmount(rule.rule, charged, rule.size, 1)));
      }
      return { records: group.records, at: group.at, periodStart: group.periodStart, periodEnd: group.periodEnd, rule, usage, free: covered, official };
    });

    const batchId = deps.ids.prefixed('UR');
    const result = await settleGroups(trx, deps, lookups, priced, unrateable, {
      kind: 'hourly',
      batchId,
      at,
      from: 0,
      onLines: async (lines) => {
        const freeIds = idSequence(deps.ids.prefixed('FU'));
        const rows: Insertable<FreeResourceUsagesTable>[] = lines.flatMap((l, i) => freeUsageRows(l.id, l.customer_id, l.resource_id, l.usage_type, takes[i]!, at, freeIds));
        if (rows.length) await insertFreeUsages(trx, rows);
        for (const s of packages.filter((p) => p.touched)) {
          const usedUp = cmp(s.left, ZERO) <= 0;
          const ok = await updatePackageUse(trx, { id: s.row.id, used: decimalText(s.used), status: usedUp ? 2 : 1, version: s.row.version, at });
          if (!ok) throw new Error(`free resource package ${s.row.id} changed during rating`);
        }
      },
    });
    await options.beforeCommit?.();
    return { ...result, unrateable: unrateable.reduce((a, u) => a + u.ids.length, 0) };
  });
}

/** Rates until no record of an ended hour is left (or `maxPasses`). */
export async function rateAllDue(deps: RatingDeps, options: RateUsageOptions & { maxPasses?: number } = {}): Promise<RateResult> {
  const total: RateResult = { records: 0, lines: 0, unrateable: 0 };
  for (let pass = 0; pass < (options.maxPasses ?? Number.MAX_SAFE_INTEGER); pass++) {
    const r = await rateUsage(deps, options);
    total.records += r.records;
    total.lines += r.lines;
    total.unrateable += r.unrateable;
    if (r.records + r.unrateable === 0) break;
  }
  return total;
}
