import type { ListConsumeSubCustomersReq, ListConsumeSubCustomersResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { parseCycle } from './bill-calendar.ts';
import { invalidParameter } from './bills.errors.ts';
import { listBilledCustomers } from './bills.repo.ts';

const MAX_OFFSET = 2147483646;

/**
 * The customers with records in a month under this partner (list_consume_sub_customers), in id
 * order: also those associated for part of the month and unbound since. offset 0..2147483646,
 * limit 1..100.
 */
export async function listConsumeSubCustomers(deps: Pick<Deps, 'db'>, caller: Caller, body: ListConsumeSubCustomersReq): Promise<ListConsumeSubCustomersResponse> {
  const page = pageOf(body, 100);
  if (page.offset > MAX_OFFSET) throw invalidParameter(`offset must be 0..${MAX_OFFSET}`);
  const cycle = parseCycle(body.bill_cycle, 'bill_cycle');
  const { total, ids } = await listBilledCustomers(deps.db.kysely, { partnerId: caller.accountId, cycle }, page);
  return { sub_customers: ids.map((id) => ({ customer_id: id })), total_count: total };
}
