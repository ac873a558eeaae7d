import { groupAsRow, RESOURCE_GROUP } from './bill-query.ts';
import { countBillGroups, countBills, listBills, sumBills, type BillFilter, type BillRow, type Conn, type Page } from './bills.repo.ts';

/** 1 one line per resource and kind of bill for the month, 2 the same per day, 3 every record. */
export type StatisticType = 1 | 2 | 3;

/** A page of a customer's per-resource statement at the asked granularity. */
export async function readResourceLines(db: Conn, filter: BillFilter, statistic: StatisticType, page: Page): Promise<{ total: number; rows: BillRow[] }> {
  if (statistic === 3) {
    const [total, rows] = await Promise.all([countBills(db, filter), listBills(db, filter, page)]);
    return { total, rows };
  }
  const by = statistic === 2 ? [...RESOURCE_GROUP, 'bill_date' as const] : RESOURCE_GROUP;
  const [total, groups] = await Promise.all([countBillGroups(db, filter, by), sumBills(db, filter, by, page)]);
  return { total, rows: groups.map(groupAsRow) };
}
