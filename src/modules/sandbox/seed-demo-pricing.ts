import type { Deps } from '../../platform/deps.ts';
import { loadDefaultCatalog } from '../catalog/index.ts';
import { grantOperatorDiscounts, grantPartnerDiscounts, listDiscounts } from '../rating/index.ts';
import { demoActor } from './demo.ts';

/** The demo's well-known discounts, so that quotes show every discount type and a best offer. */
export const DEMO_DISCOUNT_IDS = {
  business: 'DSCDEMO605RESALEECS0000000',
  channel: 'DSCDEMO606DISTRIBUTOR000000',
  partner: 'DSCDEMO607RESALEALL0000000',
} as const;

/**
 * Loads the default catalog (a no-op when this version is loaded) and grants the demo discounts
 * once: a 10% business discount on ECS and a 15% partner discount (not on CDN, whose policy forbids
 * it) to the resale customer, and an 8% channel discount on yearly/monthly products to every
 * customer of the demo distributor and its resellers.
 */
export async function seedDemoPricing(deps: Deps): Promise<void> {
  await loadDefaultCatalog(deps);
  const operator = demoActor('operator');
  const distributor = demoActor('distributor');
  const resale = demoActor('resale_customer');
  const existing = new Set((await listDiscounts(deps, {}, { limit: 100 })).discounts.map((d) => d.discount_id));
  if (!existing.has(DEMO_DISCOUNT_IDS.business) && !existing.has(DEMO_DISCOUNT_IDS.channel)) {
    await grantOperatorDiscounts(deps, { accountId: operator.accountId }, [
      { discount_id: DEMO_DISCOUNT_IDS.business, discount_type: 605, customer_id: resale.accountId, discount_ratio: 0.9, name: '商务折扣 ECS 9折 (demo)', service_type_code: 'hws.service.type.ec2', effective_time: '2024-01-01T00:00:00Z' },
      { discount_id: DEMO_DISCOUNT_IDS.channel, discount_type: 606, partner_id: distributor.accountId, discount_ratio: 0.92, name: '渠道商务折扣 包年包月 92折 (demo)', charge_mode: 'PERIOD', effective_time: '2024-01-01T00:00:00Z' },
    ]);
  }
  if (!existing.has(DEMO_DISCOUNT_IDS.partner)) {
    await grantPartnerDiscounts(deps, { accountId: distributor.accountId }, [
      { discount_id: DEMO_DISCOUNT_IDS.partner, customer_id: resale.accountId, discount_ratio: 0.85, name: '伙伴折扣 85折 (demo)', effective_time: '2024-01-01T00:00:00Z' },
    ]);
  }
}
