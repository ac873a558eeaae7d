import type { Insertable } from 'kysely';
import type { FreeResourceUsagesTable } from '../../platform/db/schema.ts';
import { iso } from '../../platform/deps.ts';
import { cmp, sub, ZERO, type Rational } from '../../platform/rational.ts';
import { onDemandAmount } from '../rating/index.ts';
import { freeUsageRows, packageStates, takeFreeUsage, type FreeTake } from './apply-free-packages.ts';
import { groupRecords, idSequence, markGroups, PricingLookups, resolveGroups, settleGroups, decimalText, type PricedGroup, type RatingDeps } from './rating-core.ts';
import { addHours, hourStartOf } from './usage-calendar.ts';
import { claimNewRecords, findUsablePackages, insertFreeUsages, updatePackageUse } from './usage.repo.ts';

export interface RateUsageOptions {
  /** Records claimed per transaction. */
  limit?: number;
  /** Tests: called inside the transaction after everything is written, before the commit. */
  beforeCommit?: () => void | Promise<void>;
  /**
   * Awaited once the records are claimed and their price rules and discounts read, before free
   * packages, balances and arrears are read and anything is charged or written (rateAllDue's
   * pipeline waits there for the pass before to commit).
   */
  turn?: () => Promise<void>;
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
    // PostgreSQL (rateAllDue's next pass gets this far while the one before writes): the
    // customers' discounts too (rating changes none of what is read so far), and the records are
    // marked (their lines' ids are known). SQLite keeps the order it was measured with.
    const early = deps.db.dialect !== 'sqlite';
    if (early) {
      for (const { group } of resolved) await lookups.context(group.records[0]!.customer_id, group.at);
      await markGroups(trx, 0, resolved.map((r) => r.group), unrateable);
    }
    await options.turn?.();

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
    const result = await settleGroups(trx, lookups, priced, unrateable, {
      kind: 'hourly',
      batchId,
      at,
      from: 0,
      marked: early,
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

/**
 * Rates until no record of an ended hour is left (or `maxPasses`). On PostgreSQL two passes are
 * in flight: the next one claims its records (SKIP LOCKED: others than the pass before) and
 * resolves their prices while the one before writes, and reads free packages, charges and writes
 * only once that one has committed. So one pass at a time charges and writes, as before (no
 * deadlock on balances, no stale package or balance read), while Node's share of a pass overlaps
 * the server's share of the one before. A failed pass fails the one after it (rolled back) and
 * the call.
 */
export async function rateAllDue(deps: RatingDeps, options: RateUsageOptions & { maxPasses?: number } = {}): Promise<RateResult> {
  const total: RateResult = { records: 0, lines: 0, unrateable: 0 };
  const add = (r: RateResult): boolean => {
    total.records += r.records;
    total.lines += r.lines;
    total.unrateable += r.unrateable;
    return r.records + r.unrateable > 0;
  };
  const maxPasses = options.maxPasses ?? Number.MAX_SAFE_INTEGER;
  if (deps.db.dialect === 'sqlite') {
    for (let pass = 0; pass < maxPasses; pass++) if (!add(await rateUsage(deps, options))) break;
    return total;
  }
  let writing: Promise<RateResult> | null = null;
  for (let pass = 0; pass < maxPasses; pass++) {
    const before: Promise<RateResult> | null = writing;
    let reached = (): void => undefined;
    const atTurn = new Promise<void>((resolve) => (reached = resolve));
    const current = rateUsage(deps, {
      ...options,
      turn: async () => {
        reached();
        if (before) await before;
      },
    });
    // Awaited below or by the next pass; settled here so that a rejection is never unhandled meanwhile.
    current.catch(() => undefined);
    const ended = await Promise.race([atTurn.then(() => false), current.then(() => true, () => true)]);
    if (before) {
      try {
        add(await before);
      } catch (e) {
        await current.catch(() => undefined);
        throw e;
      }
    }
    // Nothing claimed (or the claim failed): the queue is empty of what this worker can take.
    if (ended) {
      add(await current);
      return total;
    }
    writing = current;
  }
  if (writing) add(await writing);
  return total;
}
