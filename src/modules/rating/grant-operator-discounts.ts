import type { Deps } from '../../platform/deps.ts';
import { iso } from '../../platform/deps.ts';
import type { Caller } from '../../platform/http/caller.ts';
import { findUnknownScopes } from '../catalog/index.ts';
import { findAccountById, findCustomer } from '../identity/index.ts';
import { discountRow, discountView, type DiscountView, type GrantItem } from './discount-rows.ts';
import { insertDiscounts } from './discounts.repo.ts';
import { invalidGrant } from './rating.errors.ts';

export interface OperatorGrantItem extends GrantItem {
  /** 605 business discount for one customer; 606 channel discount for every customer of a partner (and of its resellers). */
  discount_type: 605 | 606;
  customer_id?: string;
  partner_id?: string;
  /** Fixed id (the demo's well-known discounts). */
  discount_id?: string;
}

/** The operator grants business (605) and channel (606) discounts, up to 100 in one request, all or none. */
export async function grantOperatorDiscounts(deps: Deps, caller: Pick<Caller, 'accountId'>, items: OperatorGrantItem[]): Promise<{ discounts: DiscountView[] }> {
  if (items.length < 1 || items.length > 100) throw invalidGrant('discounts must hold 1 to 100 grants');
  const now = iso(deps.clock.now());
  const unknown = await findUnknownScopes(deps, items.map((i) => ({ service: i.service_type_code, resource: i.resource_type_code })));
  if (unknown.length > 0) throw invalidGrant(`discounts[${unknown[0]}] names an unknown service type or a resource type the service does not use`);
  const rows = items.map((item, i) => {
    const at = `discounts[${i}]`;
    if (item.discount_type === 605 && (!item.customer_id || item.partner_id)) throw invalidGrant(`${at}: a business discount (605) names customer_id only`);
    if (item.discount_type === 606 && (!item.partner_id || item.customer_id)) throw invalidGrant(`${at}: a channel discount (606) names partner_id only`);
    return discountRow(item, at, {
      id: item.discount_id ?? deps.ids.prefixed('DSC'),
      type: item.discount_type,
      customerId: item.customer_id ?? null,
      partnerId: item.partner_id ?? null,
      grantedBy: caller.accountId,
      now,
    });
  });
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (const [i, row] of rows.entries()) {
      if (row.customer_id && !(await findCustomer(trx, row.customer_id))) throw invalidGrant(`discounts[${i}]: customer ${row.customer_id} does not exist`);
      if (row.partner_id) {
        const partner = await findAccountById(trx, row.partner_id);
        if (!partner || partner.kind !== 'partner') throw invalidGrant(`discounts[${i}]: partner ${row.partner_id} does not exist`);
      }
    }
    await insertDiscounts(trx, rows);
  });
  return { discounts: rows.map(discountView) };
}
