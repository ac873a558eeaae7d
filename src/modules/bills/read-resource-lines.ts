import { groupAsRow, RESOURCE_GROUP } from './bill-query.ts';
import { countBillGroups, countBills, listBills, sumBills, type BillFilter, type BillRow, type Conn, type Page } from './bills.repo.ts';
import { findLineUsages } from './usage-reads.repo.ts';

/** 1 one line per resource and kind of bill for the month, 2 the same per day, 3 every record. */
export type StatisticType = 1 | 2 | 3;

/**
 * A page of a customer's per-resource statement at the asked granularity; with `withUsage`, what
 * the rated usage lines behind its on-demand rows measured (one more query per page at most).
 */
export async function readResourceLines(db: Conn, filter: BillFilter, statistic: StatisticType, page: Page, opts: { withUsage?: boolean } = {}): Promise<{ total: number; rows: BillRow[] }> {
  if (statistic === 3) {
    const [total, rows] = await Promise.all([countBills(db, filter), listBills(db, filter, page)]);
    if (!opts.withUsage) return { total, rows };
    const usages = await findLineUsages(db, rows);
    return {
      total,
      rows: rows.map((r) => {
        const usage = usages.get(r.id);
        return usage ? { ...r, usage } : r;
      }),
    };
  }
  const by = statistic === 2 ? [...RESOURCE_GROUP, 'bill_date' as const] : RESOURCE_GROUP;
  const [total, groups] = await Promise.all([countBillGroups(db, filter, by), sumBills(db, filter, by, page, opts)]);
  return { total, rows: groups.map(groupAsRow) };
}
