import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { findDiscountPermissions, findUnknownScopes } from '../catalog/index.ts';
import { findCustomer } from '../identity/index.ts';
import { discountRow, discountView, type DiscountView, type GrantItem } from './discount-rows.ts';
import { insertDiscounts } from './discounts.repo.ts';
import { invalidGrant, notYourCustomer } from './rating.errors.ts';

export interface PartnerGrantItem extends GrantItem {
  customer_id: string;
  /** Fixed id (the demo's well-known discounts); not part of the HTTP body. */
  discount_id?: string;
}

/**
 * A partner grants discounts (607, partner-set rate) to its resale customers, up to 100 in one
 * request, all or none. A discount applies while the customer stays the partner's and only on
 * services whose incentive policy allows partner discounts.
 */
export async function grantPartnerDiscounts(deps: Deps, caller: Pick<Caller, 'accountId'>, items: PartnerGrantItem[]): Promise<{ discounts: DiscountView[] }> {
  if (items.length < 1 || items.length > 100) throw invalidGrant('discounts must hold 1 to 100 grants');
  const now = iso(deps.clock.now());
  const unknown = await findUnknownScopes(deps, items.map((i) => ({ service: i.service_type_code, resource: i.resource_type_code })));
  if (unknown.length > 0) throw invalidGrant(`discounts[${unknown[0]}] names an unknown service type or a resource type the service does not use`);
  const allowed = await findDiscountPermissions(deps, now);
  const rows = items.map((item, i) => {
    if (item.service_type_code && !allowed(item.service_type_code)) {
      throw invalidGrant(`discounts[${i}]: the incentive policy of ${item.service_type_code} does not allow partner discounts`);
    }
    return discountRow(item, `discounts[${i}]`, {
      id: item.discount_id ?? deps.ids.prefixed('DSC'),
      type: 607,
      customerId: item.customer_id,
      partnerId: caller.accountId,
      grantedBy: caller.accountId,
      now,
    });
  });
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (const [i, item] of items.entries()) {
      const customer = await findCustomer(trx, item.customer_id);
      if (!customer || customer.partner_id !== caller.accountId) throw notYourCustomer(item.customer_id);
      if (customer.association_type !== 2) throw invalidGrant(`discounts[${i}]: partner discounts apply to resale customers only`);
    }
    await insertDiscounts(trx, rows);
  });
  return { discounts: rows.map(discountView) };
}
