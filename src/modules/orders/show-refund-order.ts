import type { ShowRefundOrderDetailsResponse } from '../../contract/generated/models.ts';
import type { Deps } from '../../platform/deps.ts';
import { isPartnerCaller, type Caller } from '../../platform/http/caller.ts';
import { formatAmount } from '../../platform/money.ts';
import { partnersCustomer } from './order-access.ts';
import { loadNames } from './order-views.ts';
import { invalidOrder, invalidParameter, notARefundOrder } from './orders.errors.ts';
import { findOrder } from './orders.repo.ts';
import { findRefundItems } from './records.repo.ts';

export interface RefundOrderQuery {
  order_id: string;
  customer_id?: string | null;
  indirect_partner_id?: string | null;
}

/**
 * The amounts of an unsubscribe order (show_refund_order_details), per original order they came
 * from: negative = refunded, positive = consumed or the fee. A partner names the customer
 * (customer_id) and, a tier-1 for a tier-2's customer, the reseller. Any other order type answers
 * CBC.99005026.
 */
export async function showRefundOrder(deps: Pick<Deps, 'db'>, caller: Caller, query: RefundOrderQuery): Promise<ShowRefundOrderDetailsResponse> {
  const db = deps.db.kysely;
  let customerId = caller.accountId;
  if (isPartnerCaller(caller)) {
    if (!query.customer_id) throw invalidParameter('customer_id is required when a partner asks');
    customerId = await partnersCustomer(db, caller, query.customer_id, query.indirect_partner_id);
  }
  const order = await findOrder(db, query.order_id);
  if (!order || order.customerId !== customerId) throw invalidOrder(query.order_id);
  if (order.orderType !== 4) throw notARefundOrder(query.order_id);
  const items = await findRefundItems(db, order.id);
  const names = await loadNames(db, 'zh_CN', items.map((i) => ({ serviceTypeCode: i.service_type_code, resourceTypeCode: i.resource_type_code })));
  return {
    total_count: items.length,
    refund_infos: items.map((i) => ({
      id: i.id,
      amount: formatAmount(i.amount),
      measure_id: '1',
      customer_id: i.customer_id,
      resource_type_code: i.resource_type_code,
      service_type_code: i.service_type_code,
      resource_type_name: names.resource(i.resource_type_code),
      service_type_name: names.service(i.service_type_code),
      region_code: i.region_code,
      base_order_id: i.base_order_id,
    })),
  };
}
