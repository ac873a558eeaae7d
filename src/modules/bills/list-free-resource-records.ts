import type { ListFreeResourcesUsageRecordsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { add, parseDecimal, sub, ZERO, type Rational } from '../../platform/rational.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { dayStart, nextDay, parseDay } from './bill-calendar.ts';
import { given } from './bill-query.ts';
import { loadBillNames } from './bill-views.ts';
import { invalidParameter } from './bills.errors.ts';
import { decimalText } from './decimal-text.ts';
import { countDeductions, findPackageDeductions, listDeductions, type DeductionFilter } from './usage-reads.repo.ts';

export interface FreeResourceRecordsQuery {
  free_resource_id?: string | null;
  product_id?: string | null;
  resource_type_code?: string | null;
  deduct_time_begin: string;
  deduct_time_end: string;
  offset?: number | null;
  limit?: number | null;
}

const MAX_DAYS = 90;
const decimal = (text: string): Rational => parseDecimal(text) ?? ZERO;

/**
 * What was taken from a customer's resource packages between two China days, both included
 * (list_free_resources_usage_records): at most 90 days apart; each deduction with what was left
 * before and after it. Item ids and product ids are both the package's. limit 1..1000.
 */
export async function listFreeResourceRecords(deps: Pick<Deps, 'db'>, caller: Caller, q: FreeResourceRecordsQuery): Promise<ListFreeResourcesUsageRecordsResponse> {
  const page = pageOf(q, 1000);
  const first = parseDay(q.deduct_time_begin, 'deduct_time_begin');
  const last = parseDay(q.deduct_time_end, 'deduct_time_end');
  if (first > last) throw invalidParameter('deduct_time_begin must not be after deduct_time_end');
  if ((Date.parse(last) - Date.parse(first)) / 86_400_000 > MAX_DAYS) throw invalidParameter(`deduct_time_end may be at most ${MAX_DAYS} days after deduct_time_begin`);
  if (given(q.free_resource_id) && given(q.product_id) && q.free_resource_id !== q.product_id) return { free_resource_records: [], total_count: 0 };
  const packageId = given(q.free_resource_id) ? q.free_resource_id : given(q.product_id) ? q.product_id : undefined;
  const filter: DeductionFilter = {
    customerId: caller.accountId,
    from: dayStart(first).toISOString(),
    to: dayStart(nextDay(last)).toISOString(),
    ...(packageId !== undefined ? { packageId } : {}),
    ...(given(q.resource_type_code) ? { resourceTypeCode: q.resource_type_code } : {}),
  };
  const db = deps.db.kysely;
  const [total, rows] = await Promise.all([countDeductions(db, filter), listDeductions(db, filter, page)]);
  // What was left before each deduction: the package's size less everything taken before it.
  const before = new Map<string, Rational>();
  const history = await findPackageDeductions(db, [...new Set(rows.map((r) => r.package_id))]);
  const sizes = new Map(rows.map((r) => [r.package_id, decimal(r.package_amount)]));
  const taken = new Map<string, Rational>();
  for (const h of history) {
    const sofar = taken.get(h.package_id) ?? ZERO;
    before.set(h.id, sub(sizes.get(h.package_id) ?? ZERO, sofar));
    taken.set(h.package_id, add(sofar, decimal(h.amount)));
  }
  const names = await loadBillNames(db, 'zh_CN', rows.map((r) => ({ serviceTypeCode: '', resourceTypeCode: r.resource_type_code ?? '', regionCode: '', specCode: '', resourceId: null, customerId: caller.accountId })));
  return {
    total_count: total,
    free_resource_records: rows.map((r) => {
      const available = before.get(r.id) ?? ZERO;
      return {
        deduct_time: huaweiUtc(r.deduct_time),
        free_resource_id: r.package_id,
        resource_id: r.resource_id,
        ...(r.resource_type_code ? { resource_type_code: r.resource_type_code, resource_type_name: names.resourceType(r.resource_type_code) } : {}),
        product_id: r.package_id,
        product_name: r.package_name,
        usage_type_code: r.usage_type,
        available_amount: decimalText(available),
        remaining_amount: decimalText(sub(available, decimal(r.amount))),
        used_amount: decimalText(decimal(r.amount)),
        measure_id: r.measure_id,
        ...(r.period_start ? { effective_time: huaweiUtc(r.period_start) } : {}),
        ...(r.period_end ? { expire_time: huaweiUtc(r.period_end) } : {}),
      };
    }),
  };
}
