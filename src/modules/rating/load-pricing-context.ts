import type { Deps } from '../../platform/deps.ts';
import { parseDecimal } from '../../platform/rational.ts';
import { findDiscountPermissions } from '../catalog/index.ts';
import { findAccountById, findCustomer } from '../identity/index.ts';
import { findDiscountsReaching } from './discounts.repo.ts';
import type { DiscountGrant, DiscountType } from './plan-quote.ts';

export interface PricingContext {
  discounts: DiscountGrant[];
  partnerDiscountAllowed: (serviceTypeCode: string) => boolean;
}

/**
 * What a customer's prices depend on besides the catalog, at `at`: the discounts that reach it
 * (its business discounts, its partner's discounts while that partner is still its partner, the
 * channel discounts of its partner and that partner's tier-1) and the services on which
 * partner-set discounts are allowed.
 */
export async function loadPricingContext(deps: Pick<Deps, 'db'>, customerId: string, at: string): Promise<PricingContext> {
  const db = deps.db.kysely;
  const customer = await findCustomer(db, customerId);
  const partner = customer ? await findAccountById(db, customer.partner_id) : undefined;
  const partnerIds = partner ? [partner.id, ...(partner.parent_id ? [partner.parent_id] : [])] : [];
  const [rows, partnerDiscountAllowed] = await Promise.all([findDiscountsReaching(db, customerId, partnerIds, at), findDiscountPermissions(deps, at)]);
  const discounts = rows
    .filter((r) => r.discount_type !== 607 || (customer !== undefined && r.partner_id === customer.partner_id && customer.association_type === 2))
    .map(
      (r): DiscountGrant => ({
        id: r.id,
        type: r.discount_type as DiscountType,
        name: r.name,
        ratio: parseDecimal(r.ratio)!,
        serviceTypeCode: r.service_type_code,
        resourceTypeCode: r.resource_type_code,
        chargeMode: r.charge_mode,
        effectiveFrom: r.effective_from,
        effectiveTo: r.effective_to,
      }),
    );
  return { discounts, partnerDiscountAllowed };
}
