import type { ListCustomerOrdersResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';
import { pageOf } from '../../platform/pagination.ts';
import { parseHuaweiUtc } from '../../platform/time-format.ts';
import { resolveActingPartner } from '../partners/index.ts';
import { loadNames, orderV2 } from './order-views.ts';
import { invalidParameter } from './orders.errors.ts';
import { countOrders, findSubOrdersOf, listOrders, type OrderFilter } from './orders.repo.ts';

export interface ListOrdersQuery {
  order_id?: string | null;
  customer_id?: string | null;
  create_time_begin?: string | null;
  create_time_end?: string | null;
  service_type_code?: string | null;
  status?: number | null;
  order_type?: string | null;
  limit?: number | null;
  offset?: number | null;
  order_by?: string | null;
  payment_time_begin?: string | null;
  payment_time_end?: string | null;
  indirect_partner_id?: string | null;
  method?: string | null;
}

const YEAR_MS = 366 * 24 * 60 * 60 * 1000;
const given = (s: string | null | undefined): s is string => s !== undefined && s !== null && s !== '';

/** A time range filter: both ends are wire instants, and they are at most a year apart. */
function range(begin: string | null | undefined, end: string | null | undefined, what: string): { from?: string; to?: string } {
  const parse = (s: string, field: string) => {
    const d = parseHuaweiUtc(s);
    if (!d) throw invalidParameter(`${field} must be yyyy-MM-ddTHH:mm:ssZ`);
    return d;
  };
  const from = given(begin) ? parse(begin, `${what}_begin`) : undefined;
  const to = given(end) ? parse(end, `${what}_end`) : undefined;
  if (from && to) {
    if (from > to) throw invalidParameter(`${what}_begin must not be after ${what}_end`);
    if (to.getTime() - from.getTime() > YEAR_MS) throw invalidParameter(`${what}_begin and ${what}_end may be at most a year apart`);
  }
  return { ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: new Date(to.getTime() + 999).toISOString() } : {}) };
}

/**
 * Orders (list_customer_orders): a customer sees its own; a partner every order of its customers
 * (a tier-1 names a tier-2 with indirect_partner_id for that reseller's customers). Combined
 * orders appear once, with their sub-orders in sub_order_infos. Newest first unless
 * order_by=createTime.
 */
export async function listCustomerOrders(deps: Pick<Deps, 'db'>, caller: Caller, query: ListOrdersQuery): Promise<ListCustomerOrdersResponse> {
  const page = pageOf(query);
  const db = deps.db.kysely;
  if (given(query.method) && query.method !== 'oneself' && query.method !== 'sub_customer') throw invalidParameter('method must be oneself or sub_customer');
  const orderBy = given(query.order_by) ? query.order_by.toLowerCase() : '-createtime';
  if (orderBy !== 'createtime' && orderBy !== '-createtime') throw invalidParameter('order_by must be createTime or -createTime');
  let orderType: number | undefined;
  if (given(query.order_type)) {
    orderType = Number(query.order_type);
    if (!/^\d{1,2}$/.test(query.order_type)) throw invalidParameter('order_type must be an order type code');
  }
  const created = range(query.create_time_begin, query.create_time_end, 'create_time');
  const paid = range(query.payment_time_begin, query.payment_time_end, 'payment_time');
  const filter: OrderFilter = {
    ...(given(query.order_id) ? { orderId: query.order_id } : {}),
    ...(given(query.customer_id) ? { customerId: query.customer_id } : {}),
    ...(given(query.service_type_code) ? { serviceTypeCode: query.service_type_code } : {}),
    ...(query.status !== undefined && query.status !== null ? { status: query.status } : {}),
    ...(orderType !== undefined ? { orderType } : {}),
    ...(created.from ? { createdFrom: created.from } : {}),
    ...(created.to ? { createdTo: created.to } : {}),
    ...(paid.from ? { paidFrom: paid.from } : {}),
    ...(paid.to ? { paidTo: paid.to } : {}),
  };
  if (caller.role === 'customer') {
    // Agent-paid orders of enterprise sub-accounts do not exist here.
    if (query.method === 'sub_customer') return { total_count: 0, order_infos: [] };
    filter.customerIds = [caller.accountId];
  } else if (isPartnerCaller(caller)) {
    filter.partnerId = await resolveActingPartner(db, caller, query.indirect_partner_id);
  }
  const [total, rows] = await Promise.all([countOrders(db, filter), listOrders(db, filter, page, orderBy === 'createtime')]);
  const subs = await findSubOrdersOf(db, rows.filter((r) => r.isCombined).map((r) => r.id));
  const names = await loadNames(db, 'zh_CN', [...rows, ...subs]);
  return {
    total_count: total,
    order_infos: rows.map((o) => orderV2(o, subs.filter((s) => s.parentId === o.id), names)),
  };
}
