import type { CallerRole } from '../platform/http/caller.ts';
import type { OperationName } from './generated/operations.ts';

/**
 * Who may call each operation of the partner API (brief §1.4).
 *
 * - `partner`: solution providers, tier-1 distributors, and their operators. Tier-2 resellers are
 *   admitted too: the documents route tier-2 business through the tier-1 (`indirect_partner_id`),
 *   but our partner center serves resellers through the same documented API, always limited to the
 *   reseller's own customers.
 * - `distributor`: tier-1 distributors (and their operators) only.
 * - `partner_or_customer`: partners (for their customers) and customers (for themselves).
 * - `customer`: customers only (their own keys, or a token a partner obtained by assume-role).
 *   Partner operators never call these.
 * - `catalog`: public catalog and reference data, for every authenticated caller.
 */
export type Audience = 'partner' | 'distributor' | 'partner_or_customer' | 'customer' | 'catalog';

export const AUDIENCE_ROLES: Record<Audience, readonly CallerRole[]> = {
  partner: ['solution_provider', 'distributor', 'reseller', 'partner_operator'],
  distributor: ['distributor', 'partner_operator'],
  partner_or_customer: ['solution_provider', 'distributor', 'reseller', 'partner_operator', 'customer'],
  customer: ['customer'],
  catalog: ['operator', 'solution_provider', 'distributor', 'reseller', 'partner_operator', 'customer'],
};

export const OPERATION_AUDIENCE: Record<OperationName, Audience> = {
  // Customers, identity and real-name verification
  send_verification_message_code: 'partner',
  check_user_identity: 'partner',
  create_sub_customer: 'partner',
  list_sub_customers: 'partner',
  list_sub_customer_new_tag: 'partner',
  create_personal_realname_auth: 'partner',
  create_enterprise_realname_authentication: 'partner',
  change_enterprise_realname_authentication: 'partner',
  show_realname_authentication_review_result: 'partner',
  show_real_name_auth_qr_code: 'customer',
  show_real_name_auth_status: 'customer',
  list_provinces: 'catalog',
  list_cities: 'catalog',
  list_counties: 'catalog',
  // Funds
  update_customer_account_amount: 'partner',
  reclaim_to_partner_account: 'partner',
  list_customers_balances_detail: 'partner',
  list_partner_account_change_records: 'partner',
  list_partner_adjust_records: 'partner',
  list_partner_balances: 'partner',
  list_indirect_partners: 'distributor',
  update_indirect_partner_account: 'distributor',
  reclaim_indirect_partner_account: 'distributor',
  show_customer_account_balances: 'customer',
  list_customer_account_change_records: 'customer',
  // Coupons and quotas
  create_partner_coupons: 'partner',
  reclaim_partner_coupons: 'partner',
  list_issued_partner_coupons: 'partner',
  list_partner_coupons_record: 'partner',
  list_quota_coupons: 'partner',
  update_coupon_quotas: 'distributor',
  reclaim_coupon_quotas: 'distributor',
  list_issued_coupon_quotas: 'distributor',
  list_coupon_quotas_records: 'distributor',
  list_sub_customer_coupons: 'partner_or_customer',
  list_customer_coupon_change_records: 'customer',
  list_stored_value_cards: 'customer',
  // Catalog
  list_service_types: 'catalog',
  list_resource_types: 'catalog',
  list_service_resources: 'catalog',
  list_usage_types: 'catalog',
  list_measure_units: 'catalog',
  list_conversions: 'catalog',
  list_resource_specs: 'customer',
  list_incentive_discount_policies: 'partner',
  // Rating
  list_on_demand_resource_ratings: 'customer',
  list_rate_on_period_detail: 'customer',
  list_renew_rate_on_period: 'customer',
  // Orders and subscriptions
  list_customer_orders: 'partner_or_customer',
  show_customer_order_details: 'partner_or_customer',
  show_refund_order_details: 'partner_or_customer',
  list_pay_per_use_customer_resources: 'partner_or_customer',
  list_customer_on_demand_resources: 'partner',
  cancel_customer_order: 'customer',
  pay_orders: 'customer',
  list_order_coupons_by_order_id: 'customer',
  list_order_discounts: 'customer',
  renewal_resources: 'customer',
  auto_renewal_resources: 'customer',
  cancel_auto_renewal_resources: 'customer',
  set_resources_renew_config: 'customer',
  update_period_to_on_demand: 'customer',
  update_period_to_on_demand_instantly: 'customer',
  cancel_resources_subscription: 'customer',
  // Resource packages
  list_free_resource_infos: 'customer',
  list_free_resource_usages: 'customer',
  list_free_resources_usage_records: 'customer',
  // Bills
  list_subcustomer_monthly_bills: 'partner',
  list_sub_customer_bill_detail: 'partner',
  list_consume_sub_customers: 'partner',
  show_customer_monthly_sum: 'customer',
  list_customer_bills_fee_records: 'customer',
  list_customerself_resource_records: 'customer',
  list_customerself_resource_record_details: 'customer',
  list_customer_bills_monthly_break_down: 'customer',
  list_costs: 'customer',
  list_resource_usage: 'customer',
  list_resource_usage_summary: 'customer',
  // Enterprise multi-account (the customer's master account)
  create_enterprise_project_auth: 'customer',
  list_enterprise_organizations: 'customer',
  list_enterprise_multi_account: 'customer',
  reclaim_sub_enterprise_amount: 'customer',
  reclaim_enterprise_multi_account_coupon: 'customer',
  list_multi_account_retrieve_coupons: 'customer',
  send_sms_verification_code: 'customer',
  create_sub_enterprise_account: 'customer',
  list_enterprise_sub_customers: 'customer',
  show_multi_account_transfer_amount: 'customer',
  update_sub_enterprise_amount: 'customer',
  claim_enterprise_multi_account_coupon: 'customer',
  list_multi_account_transfer_coupons: 'customer',
};

/** Partner operators act for their partner; on tier-1-only operations only a tier-1's operators pass. */
export function roleMayCall(
  operation: OperationName,
  role: CallerRole,
  partnerType: 'solution_provider' | 'distributor' | 'reseller' | null,
): boolean {
  const audience = OPERATION_AUDIENCE[operation];
  if (!AUDIENCE_ROLES[audience].includes(role)) return false;
  if (audience === 'distributor' && role === 'partner_operator') return partnerType === 'distributor';
  return true;
}
