/**
 * Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings
 * (`2026-01-02T03:04:05.000Z`) in both dialects so that they sort and compare as text.
 * Boolean flags are 0/1 integers in both dialects.
 */
import type { ColumnType, Generated } from 'kysely';

export type AccountKind = 'operator' | 'partner' | 'customer';
export type PartnerType = 'solution_provider' | 'distributor' | 'reseller';
export type UserRole = 'root' | 'partner_operator' | 'member';

export interface AccountsTable {
  id: string;
  name: string;
  kind: AccountKind;
  partner_type: PartnerType | null;
  /** For a tier-2 reseller: its tier-1 distributor. */
  parent_id: string | null;
  display_name: string;
  status: 'active' | 'frozen';
  is_demo: number;
  created_at: string;
}

export interface CustomersTable {
  id: string;
  partner_id: string;
  /** 1 referral (顾问销售), 2 resale (代售). */
  association_type: number;
  associated_at: string;
  xaccount_id: string | null;
  xaccount_type: string | null;
  // The customer record, added by migration 0003-customers and written by the customers module.
  /** China mobile number without country code; null when none was given. */
  mobile_phone: string | null;
  email: string | null;
  label: string | null;
  /** V0..V5. */
  customer_level: string | null;
  /** The account manager's login name (at most one). */
  account_manager: string | null;
  close_market_messages: Generated<number>;
  /** Real-name state: -1 none, 0 in review, 1 rejected, 2 verified. */
  verified_status: Generated<number>;
  /** -1 none, 0 individual, 1 enterprise. */
  customer_type: Generated<number>;
  /** The verified (real) name of the person or organisation. */
  realname_name: string | null;
  /** When real-name verification was first approved. */
  verified_at: string | null;
}

export interface UsersTable {
  id: string;
  account_id: string;
  name: string;
  password_hash: string | null;
  role: UserRole;
  created_at: string;
}

export interface AccessKeysTable {
  access: string;
  account_id: string;
  user_id: string;
  secret_sealed: string;
  status: 'active' | 'revoked';
  description: string;
  created_at: string;
  revoked_at: string | null;
}

export interface TokensTable {
  token_hash: string;
  user_id: string;
  account_id: string;
  /** Set for assume-role tokens: the customer the partner acts as. */
  acting_account_id: string | null;
  /** saml: a console session opened by single sign-on from a partner platform. */
  method: 'password' | 'assume_role' | 'saml';
  issued_at: string;
  expires_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** Natural key: a job with the same kind and key is scheduled once. */
  key: string;
  payload: string;
  run_at: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  last_error: string | null;
  locked_until: string | null;
  created_at: string;
  finished_at: string | null;
}

// --- Ledger, funds and idempotency (migration 0002-funds) ---

/**
 * A bigint money column: SQLite returns a number, PostgreSQL int8 as text; written as bigint. Read
 * it with toFen(). (Serial ids and references to them are typed number: read them with Number().)
 */
export type Int8 = ColumnType<number | string | bigint, bigint | number, bigint | number>;
/** Balance types of the partner API: 1 cash, 2 credit, 5 bonus, 7 deposit (8 allocatable is derived). */
export type LedgerBalanceType = 1 | 2 | 5 | 7;

export interface LedgerAccountsTable {
  id: Generated<number>;
  /** An account id (partner, customer) or a system counter-account such as `system:external`. */
  owner_id: string;
  balance_type: LedgerBalanceType;
  balance: Int8;
  /** Earmarked funds (designated_amount): part of the balance that may not be allocated. */
  designated: Int8;
  allow_negative: number;
  created_at: string;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  kind: string;
  /** The business id of the movement (transfer_id / trans_id); unique. */
  ref: string;
  initiator_id: string;
  memo: string | null;
  created_at: string;
}

export interface LedgerPostingsTable {
  id: Generated<number>;
  entry_id: number;
  account_id: number;
  amount: Int8;
  designated_delta: Int8;
  balance_after: Int8;
}

export interface FundsRecordsTable {
  id: Generated<number>;
  entry_id: number;
  owner_id: string;
  balance_type: number;
  /** 1 income, 2 expense. */
  direction: 1 | 2;
  trade_type: string;
  trade_detail_type: string;
  trade_id: string;
  amount: Int8;
  balance_after: Int8;
  counterparty_id: string | null;
  counterparty_name: string | null;
  created_at: string;
}

export interface FundsTopUpsTable {
  id: string;
  partner_id: string;
  amount: Int8;
  designated: Int8;
  entry_id: number;
  memo: string | null;
  created_by: string;
  created_at: string;
}

export interface FundsCreditLinesTable {
  id: string;
  partner_id: string;
  amount: Int8;
  entry_id: number;
  memo: string | null;
  created_by: string;
  created_at: string;
}

export interface IdempotencyKeysTable {
  id: Generated<number>;
  account_id: string;
  operation: string;
  key: string;
  request_hash: string;
  status: 'pending' | 'completed';
  response_body: string | null;
  created_at: string;
}

// --- Customers: verification codes, message outbox, real-name applications (migration 0003-customers) ---

export interface VerificationCodesTable {
  id: string;
  /** The partner account that asked for the code; only it may use the code. */
  owner_id: string;
  mobile_phone: string;
  /** 29 registration, 18 bank-card real-name verification. */
  scene: number;
  customer_id: string | null;
  /** sha256 of `id:code`; the code itself is never stored here. */
  code_hash: string;
  status: 'active' | 'used' | 'superseded' | 'locked';
  failed_attempts: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MessageOutboxTable {
  id: Generated<number>;
  kind: string;
  channel: string;
  recipient: string;
  body: string;
  /** JSON object. */
  payload: string;
  status: 'pending' | 'sent';
  created_at: string;
}

export type RealnameKind = 'individual' | 'enterprise' | 'change';

export interface RealnameApplicationsTable {
  id: string;
  customer_id: string;
  partner_id: string;
  kind: RealnameKind;
  /** The verification this grants: 0 individual, 1 enterprise. */
  verified_type: number;
  identify_type: number;
  /** Individual: document type (3 passport, ...); enterprise: certificate type (0 business licence, ...). */
  document_type: number | null;
  name: string;
  verified_number: string;
  /** JSON object: registration country and address, the legal person, the bank card (masked). */
  details: string;
  /** JSON array of object-store keys, in the order submitted. */
  files: string;
  /** 0 in review, 1 rejected, 2 approved (review_result on the wire). */
  review_result: number;
  /** 1 when a person reviews it, 0 when the platform decided at once. */
  is_review: number;
  opinion: string | null;
  decided_by: string | null;
  submitted_at: string;
  decided_at: string | null;
}

export interface RealnameQrCodesTable {
  token_hash: string;
  customer_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

// --- Catalog, price books and discounts (migration 0004-catalog) ---

export interface CatalogRegionsTable {
  code: string;
  name_zh: string;
  name_en: string;
  sort_order: number;
}

export interface CatalogMeasureUnitsTable {
  measure_id: number;
  measure_type: number;
  name_zh: string;
  name_en: string;
  abbreviation: string;
}

export interface CatalogConversionsTable {
  measure_id: number;
  ref_measure_id: number;
  /** 1 measure_id = conversion_ratio ref_measure_id. */
  conversion_ratio: number;
  measure_type: number;
}

export interface CatalogServiceTypesTable {
  code: string;
  name_zh: string;
  name_en: string;
  abbreviation: string;
  sort_order: number;
}

export interface CatalogResourceTypesTable {
  code: string;
  service_type_code: string;
  name_zh: string;
  name_en: string;
  desc_zh: string;
  desc_en: string;
  sort_order: number;
}

export interface CatalogServiceResourcesTable {
  service_type_code: string;
  resource_type_code: string;
}

export interface CatalogUsageTypesTable {
  resource_type_code: string;
  code: string;
  name_zh: string;
  name_en: string;
  measure_id: number;
  sort_order: number;
}

export interface CatalogResourceSpecsTable {
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  name_zh: string;
  name_en: string;
  /** Set for linear products (sized at order: GB of disk, Mbps of bandwidth). */
  size_measure_id: number | null;
  min_size: number | null;
  max_size: number | null;
  on_demand: number;
  period: number;
  sort_order: number;
}

export interface CatalogSpecRegionsTable {
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  region_code: string;
}

export interface CatalogIncentivePoliciesTable {
  service_type_code: string;
  effective_from: string;
  /** 0 non-specific, 1 specific, 2 no performance and no rebate, 13 performance without rebate. */
  incentive_policy: string;
  /** YES | NO: whether partner-set discounts (607) may apply. */
  allow_discount: string;
}

export interface PriceBooksTable {
  code: string;
  name: string;
  effective_from: string;
  effective_to: string | null;
  updated_at: string;
}

export type PriceChargeKind = 'on_demand' | 'period' | 'one_time';
export type PriceBasis = 'flat' | 'size' | 'usage';

export interface PriceEntriesTable {
  id: string;
  book_code: string;
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  region_code: string;
  charge_kind: PriceChargeKind;
  usage_factor: string;
  usage_measure_id: number | null;
  period_type: number | null;
  period_num: number | null;
  basis: PriceBasis;
  /** JSON: [{"up_to": "10240" | null, "unit_price": "0.2"}], graduated, ascending. */
  tiers: string;
  months_capped_by_year: number;
  max_period_num: number | null;
}

export type DiscountChargeMode = 'all' | 'period' | 'on_demand';

export interface DiscountsTable {
  id: string;
  discount_type: number;
  name: string;
  customer_id: string | null;
  partner_id: string | null;
  granted_by: string;
  service_type_code: string | null;
  resource_type_code: string | null;
  charge_mode: DiscountChargeMode;
  ratio: string;
  effective_from: string;
  effective_to: string | null;
  status: 'active' | 'revoked';
  created_at: string;
  revoked_at: string | null;
}

// --- Work orders and the event outbox (migration 0005-work-orders) ---

export interface WorkOrdersTable {
  /** incident_id on the wire. */
  id: string;
  /** The account that opened the ticket: a customer, or a partner for its own ticket. */
  customer_id: string;
  submitter_user_id: string;
  submitter_user_name: string;
  /** The customer's partner (null for a partner's own ticket). */
  partner_id: string | null;
  /** The tier-1 distributor above a tier-2 partner_id. */
  tier1_id: string | null;
  /** 0 the operator answers, 1 the partner answers. */
  business_ownership: number;
  business_type_id: string;
  incident_sub_type_id: string | null;
  product_category_id: string | null;
  region_id: string | null;
  severity_id: string | null;
  source_id: string;
  simple_description: string;
  project_id: string | null;
  remind_mobile: string | null;
  remind_mail: string | null;
  remind_time: string | null;
  area_code: string | null;
  /** JSON object: the problem type's extension fields. */
  extends_map: string;
  /** JSON object: free-form extension_map. */
  extension_map: string;
  is_authorized: number;
  /** Sealed with the secret box: confidential details the submitter entrusted to support. */
  authorization_sealed: string | null;
  status: number;
  judgement: string | null;
  /** JSON array of {satisfaction_id, satisfaction_value}. */
  satisfaction: string | null;
  rated_at: string | null;
  /** Messages so far; the next message's seq. */
  message_count: number;
  created_at: string;
  updated_at: string;
  accepted_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  last_pressed_at: string | null;
  deleted_at: string | null;
}

export interface WorkOrderMessagesTable {
  id: string;
  work_order_id: string;
  /** 1 for the description the ticket was opened with. */
  seq: number;
  /** 0 from the submitter's side, 1 from support. */
  type: number;
  /** 0 customer, 1 the operator's engineer, 2 a partner's staff. */
  replier_type: number;
  author_account_id: string;
  author_user_id: string;
  author_name: string;
  content: string;
  is_authorized: number;
  authorization_sealed: string | null;
  created_at: string;
}

export interface WorkOrderAttachmentsTable {
  id: string;
  owner_account_id: string;
  owner_user_id: string;
  /** Null until the attachment is used by a new ticket or a message. */
  work_order_id: string | null;
  message_id: string | null;
  file_name: string;
  /** accessoryFrom as uploaded: incident or message. */
  accessory_from: string;
  size: number;
  sha256: string;
  /** Where the bytes are in the object store. */
  object_key: string;
  created_at: string;
  /** Set when the uploader deleted it before use; the row still counts toward the daily allowance. */
  deleted_at: string | null;
}

/** Events for machines (webhooks), written with the change they announce (src/platform/event-outbox.ts). */
export interface OutboxEventsTable {
  id: Generated<number>;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  /** JSON object. */
  payload: string;
  created_at: string;
  delivered_at: string | null;
}

// --- Coupons, coupon quotas and stored-value cards (migration 0006-coupons) ---

/** A coupon quota (额度): granted by the operator, or passed down by a tier-1 to a tier-2 (parent_quota_id). */
export interface CouponQuotasTable {
  id: string;
  partner_id: string;
  /** 0 voucher quota, 1 cash-coupon quota. */
  quota_type: number;
  parent_quota_id: string | null;
  granted_by: string;
  quota_value: Int8;
  balance: Int8;
  /** As stored: 0 normal, 3 invalidated, 4 adjusting, 5 frozen, 6 reclaimed. Expiry (3) is derived from expire_time. */
  status: number;
  /** What a reclaim of this tier-2 quota took back. */
  reclaimed_amount: Int8;
  effective_time: string;
  expire_time: string;
  /** JSON: the quota's limits (coupons module, QuotaLimits). */
  limits: string;
  remark: string | null;
  created_at: string;
  updated_at: string;
}

export interface CouponsTable {
  id: string;
  /** 1 voucher, 4 cash coupon. */
  coupon_type: number;
  quota_id: string;
  quota_type: number;
  /** The partner whose quota paid for it (a tier-2 when a tier-1 issued on its behalf). */
  partner_id: string;
  /** The account that called. */
  issued_by: string;
  customer_id: string;
  face_value: Int8;
  balance: Int8;
  /** Part of the balance held by lock_order_id. */
  frozen: Int8;
  lock_order_id: string | null;
  /** As stored: 2 usable, 3 used, 4 expired, 5 reclaimed. */
  status: number;
  /** The balance taken back when the coupon was reclaimed or expired. */
  closed_amount: Int8;
  valid_time: string;
  expire_time: string;
  /** JSON: the coupon's use limits (coupons module, CouponLimits). */
  limits: string;
  memo: string | null;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
}

export interface StoredValueCardsTable {
  id: string;
  customer_id: string;
  card_name: string;
  face_value: Int8;
  balance: Int8;
  frozen: Int8;
  lock_order_id: string | null;
  effective_time: string;
  expire_time: string;
  granted_by: string;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
}

/** An order's hold on a coupon or card: held, then consumed (and maybe partly returned) or released, once. */
export interface CouponHoldsTable {
  id: Generated<number>;
  benefit_kind: 'coupon' | 'card';
  benefit_id: string;
  order_id: string;
  customer_id: string;
  amount: Int8;
  consumed: Int8;
  returned: Int8;
  status: 'held' | 'consumed' | 'released';
  created_at: string;
  resolved_at: string | null;
}

export type CouponHolderKind = 'grant' | 'quota' | 'coupon' | 'card' | 'spent';

/** Append-only: one row per movement of value from one holder to another. */
export interface CouponJournalTable {
  id: Generated<number>;
  /** The movement's natural key (e.g. `RC:<coupon id>` for a reclaim); unique, so it happens once. */
  ref: string;
  kind: string;
  from_kind: CouponHolderKind;
  from_id: string | null;
  to_kind: Exclude<CouponHolderKind, 'grant'>;
  to_id: string | null;
  amount: Int8;
  /** Balances after the movement; null for the grant and spent sides. */
  from_after: Int8 | null;
  to_after: Int8 | null;
  /** voucher | cash_coupon | card, for movements of a customer's coupon or card. */
  benefit_type: string | null;
  partner_id: string | null;
  customer_id: string | null;
  order_id: string | null;
  initiator_id: string;
  created_at: string;
}

/** Append-only: the partner API's coupon operation records (types 1-9) and quota records (10, 11). */
export interface CouponRecordsTable {
  id: Generated<number>;
  /** Whose records: the quota's partner (1-9) or the tier-1 that issued or reclaimed (10, 11). */
  owner_id: string;
  operation_type: number;
  quota_id: string | null;
  quota_type: number | null;
  parent_quota_id: string | null;
  coupon_id: string | null;
  customer_id: string | null;
  indirect_partner_id: string | null;
  amount: Int8;
  /** 0 success, -1 failure. */
  result: number;
  remark: string | null;
  operator_name: string | null;
  created_at: string;
}

// --- Orders and yearly/monthly subscriptions (migration 0007-orders) ---

export interface OrdersTable {
  id: string;
  customer_id: string;
  /** For a sub-order of a combined order (组合交易): the combined order. */
  parent_id: string | null;
  /** A sub-order's place in its combined order. */
  seq: Generated<number>;
  is_combined: number;
  /** 1 new, 2 renew, 4 unsubscribe, 10 yearly/monthly to on-demand. */
  order_type: number;
  /** 1 customer, 8 system-created. */
  source_type: number;
  /** 6 pending payment, 5 completed, 4 cancelled. */
  status: number;
  service_type_code: string;
  official_amount: Int8;
  amount_after_discount: Int8;
  /** The discount priced into amount_after_discount (605, 606, 607), if any. */
  discount_id: string | null;
  discount_type: number | null;
  coupon_amount: Int8;
  /** Paid from (or, for refund orders, returned to) the cash and credit balances. */
  cash_amount: Int8;
  credit_amount: Int8;
  /** Unsubscribe orders: the fee and the consumed amount. */
  commission_amount: Int8 | null;
  consumed_amount: Int8 | null;
  period_type: number | null;
  period_num: number | null;
  user_name: string;
  natural_key: string | null;
  created_at: string;
  payment_time: string | null;
  pending_payment_end_time: string | null;
  closed_at: string | null;
  updated_at: string;
}

export interface OrderLineItemsTable {
  id: string;
  order_id: string;
  seq: number;
  /** The request's id for the line (new purchases) or the resource id (renewals, unsubscribes). */
  line_key: string;
  /** For a child product bought with a main one (a disk with its server): the main line. */
  parent_line_id: string | null;
  resource_id: string | null;
  is_main: number;
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  region_code: string;
  product_id: string;
  resource_size: number | null;
  size_measure_id: number | null;
  period_type: number | null;
  period_num: number | null;
  subscription_num: number;
  official_amount: Int8;
  amount_after_discount: Int8;
  coupon_amount: Int8;
  resource_name: string | null;
  project_id: string | null;
  effective_time: string | null;
  expire_time: string | null;
}

export interface OrderDiscountLinesTable {
  line_item_id: string;
  discount_id: string;
  /** The order the discount is chosen on (the combined order for a combined one). */
  order_id: string;
  discount_type: number;
  discount_name: string;
  ratio: string;
  /** The line's amount with this discount. */
  amount: Int8;
  applies: number;
}

export interface OrderCouponsTable {
  order_id: string;
  coupon_id: string;
  coupon_type: number;
  amount: Int8;
}

export type SubscriptionPhase = 'active' | 'grace' | 'retention' | 'released' | 'unsubscribed' | 'on_demand';

export interface SubscriptionResourcesTable {
  id: string;
  customer_id: string;
  /** The new-purchase order that created the resource. */
  order_id: string;
  line_item_id: string;
  /** A child resource's main resource (a disk's server). */
  parent_id: string | null;
  is_main: number;
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  region_code: string;
  product_id: string;
  resource_size: number | null;
  size_measure_id: number | null;
  resource_name: string;
  project_id: string | null;
  phase: SubscriptionPhase;
  effective_time: string;
  expire_time: string;
  /** 2 month or 3 year: the unit of the last order. */
  period_type: number;
  auto_renew: number;
  /** 0 = unlimited. */
  auto_renew_times: number;
  auto_renewed: number;
  auto_renew_period_type: number | null;
  to_on_demand: number;
  /** An unpaid renewal order holding the resource. */
  pending_order_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface SubscriptionPeriodsTable {
  id: string;
  resource_id: string;
  order_id: string;
  line_item_id: string;
  starts_at: string;
  ends_at: string;
  official_amount: Int8;
  amount: Int8;
  paid_cash: Int8;
  paid_credit: Int8;
  paid_coupon: Int8;
  refunded_cash: Int8;
  refunded_credit: Int8;
  refunded_coupon: Int8;
  refund_order_id: string | null;
  created_at: string;
}

export interface RefundItemsTable {
  id: string;
  order_id: string;
  seq: number;
  customer_id: string;
  base_order_id: string;
  resource_id: string;
  service_type_code: string;
  resource_type_code: string;
  region_code: string;
  kind: 'refund' | 'consumed' | 'fee';
  /** Negative: refunded; positive: consumed or a fee. */
  amount: Int8;
  created_at: string;
}

export interface RenewConfigsTable {
  customer_id: string;
  /** DEDUCTION_DATE | EXPIRE_DATE */
  config_name: string;
  config_value: string;
  updated_at: string;
}

/**
 * Bill records (one per resource per money event), written by the orders module in the
 * transaction that moves the money; the bills issue reads them. Refund rows are negative.
 * official = discount + erase + consume; consume = cash + credit + coupon + flexipurchase_coupon
 * + stored_card + bonus + debt + writeoff (a CHECK constraint).
 */
export interface BillRecordsTable {
  id: string;
  customer_id: string;
  /** The customer's partner when the record was written. */
  partner_id: string | null;
  /** 1 new purchase, 2 renewal, 3 change, 4 unsubscribe refund, 5 usage (on-demand), 8 auto-renewal, 24 to-on-demand refund, 25 truncation make-up (on-demand, monthly), 103 yearly payment. */
  bill_type: number;
  /** 1 yearly/monthly, 3 on-demand. */
  charge_mode: number;
  /** The order id for bill types 1, 2, 3, 4, 8, 24, 103. */
  trade_id: string;
  order_id: string;
  line_item_id: string | null;
  resource_id: string | null;
  parent_resource_id: string | null;
  service_type_code: string;
  resource_type_code: string;
  region_code: string;
  spec_code: string;
  product_id: string;
  resource_size: number | null;
  size_measure_id: number | null;
  /** Bill period type: 19 year, 20 month. */
  period_type: number | null;
  period_num: number | null;
  effective_time: string | null;
  expire_time: string | null;
  official_amount: Int8;
  discount_amount: Int8;
  erase_amount: Int8;
  consume_amount: Int8;
  cash_amount: Int8;
  credit_amount: Int8;
  coupon_amount: Int8;
  flexipurchase_coupon_amount: Int8;
  stored_card_amount: Int8;
  bonus_amount: Int8;
  debt_amount: Int8;
  writeoff_amount: Int8;
  /** 605, 606, 607 when a discount was applied. */
  discount_type: number | null;
  /** 1 paid. */
  payment_status: number;
  trade_time: string;
  /** YYYY-MM and YYYY-MM-DD in UTC+8. */
  bill_cycle: string;
  bill_date: string;
  created_at: string;
}

// --- Association changes and postal addresses (migration 0008-associations) ---

export type AssociationAction = 'unbind' | 'switch';
export type AssociationSide = 'customer' | 'partner' | 'operator';
export type AssociationRequestStatus = 'pending' | 'completed' | 'declined' | 'cancelled' | 'expired';

/** A request to unbind a customer from its partner or to switch its association type; the other side confirms it. */
export interface AssociationRequestsTable {
  id: string;
  customer_id: string;
  /** The partner the customer was associated with when the request was made. */
  partner_id: string;
  action: AssociationAction;
  /** 1 referral, 2 resale: the type when requested, and (switch) the type asked for. */
  from_type: number;
  to_type: number | null;
  initiator_side: AssociationSide;
  /** The account that asked (a tier-1 acting for its tier-2 is named here, the tier-2 in partner_id). */
  initiated_by: string;
  reason: string | null;
  /** As stored; a pending request past expires_at reads as expired. */
  status: AssociationRequestStatus;
  /** Where the confirmation code went (partner and operator requests to a customer with a number); null: none needed. */
  confirm_mobile: string | null;
  requested_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_note: string | null;
  /** JSON: what completing the request moved (associations module, RequestOutcome). */
  outcome: string | null;
}

/** Append-only: an association that ended. The current association is the customers row. */
export interface AssociationHistoryTable {
  id: Generated<number>;
  customer_id: string;
  partner_id: string;
  association_type: number;
  started_at: string;
  ended_at: string;
  end_reason: AssociationAction;
  request_id: string;
}

export interface CustomerAddressesTable {
  id: string;
  customer_id: string;
  recipient: string;
  /** China mobile number without country code. */
  mobile_phone: string;
  /** 6-digit division codes (customers module, administrative-divisions.ts). */
  province_code: string;
  city_code: string;
  /** Null only for a city that has no county-level divisions. */
  county_code: string | null;
  detail_address: string;
  postal_code: string | null;
  is_default: number;
  created_at: string;
  updated_at: string;
}

// --- Usage, rating of on-demand usage, free resources, arrears (migration 0009-usage) ---

/** 0 new (awaiting the hourly rating), 1 rated, 2 held (95th-percentile point awaiting the month's close), 3 unrateable. */
export type UsageRecordStatus = 0 | 1 | 2 | 3;

/** One ingested usage record. (source, record_id) is unique. */
export interface UsageRecordsTable {
  /** bigint on PostgreSQL (read back as text there: use Number()). */
  id: Generated<number>;
  source: string;
  record_id: string;
  /** SHA-256 (hex) of the record's canonical content. */
  content_hash: string;
  customer_id: string;
  /** The customer's partner at ingestion. */
  partner_id: string | null;
  resource_id: string;
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  region_code: string;
  resource_size: number | null;
  size_measure_id: number | null;
  /** The usage factor (Duration, upflow, bandwidth95 ...). */
  usage_type: string;
  /** Exact decimal text, in usage_measure_id. */
  usage_value: string;
  usage_measure_id: number;
  begin_time: string;
  end_time: string;
  /** The UTC hour of begin_time (ISO, minutes zero). */
  hour_start: string;
  /** YYYY-MM of begin_time in UTC+8. */
  bill_cycle: string;
  ingested_at: string;
  status: number;
  /** The usage_rated_lines row that rated it. */
  rated_line_id: string | null;
  rating_error: string | null;
}

/** Append-only: one rating of a resource's usage of one type for one hour (kind hourly) or one month (kind p95). */
export interface UsageRatedLinesTable {
  id: string;
  first_record_id: Int8;
  kind: 'hourly' | 'p95';
  customer_id: string;
  partner_id: string | null;
  resource_id: string;
  service_type_code: string;
  resource_type_code: string;
  spec_code: string;
  region_code: string;
  product_id: string;
  resource_size: number | null;
  size_measure_id: number | null;
  usage_type: string;
  /** The price's unit; usage_value and free_usage are in it. */
  usage_measure_id: number;
  /** Decimal text: the usage rated (for p95: the billed 95th-percentile value). */
  usage_value: string;
  /** Decimal text: the part covered by free resource packages (not charged). */
  free_usage: string;
  record_count: number;
  period_start: string;
  period_end: string;
  /** UTC+8 cycle and day of period_start. */
  bill_cycle: string;
  bill_date: string;
  /** 10^-8 yuan: official = discount + consume. */
  official_e8: Int8;
  discount_e8: Int8;
  consume_e8: Int8;
  /** Fen, truncated from the _e8 figures; consume = cash + credit + debt. */
  official_amount: Int8;
  discount_amount: Int8;
  consume_amount: Int8;
  cash_amount: Int8;
  credit_amount: Int8;
  debt_amount: Int8;
  discount_id: string | null;
  discount_type: number | null;
  /** The bill_records row of this line (bill_type 5, charge_mode 3). */
  bill_record_id: string;
  ledger_entry_id: Int8 | null;
  rated_at: string;
}

/** A free resource package (免费资源 / resource package) of a customer. */
export interface FreeResourcePackagesTable {
  id: string;
  customer_id: string;
  name: string;
  service_type_code: string;
  resource_type_code: string | null;
  region_code: string | null;
  usage_type: string;
  measure_id: number;
  /** Decimal text in measure_id. */
  amount: string;
  used: string;
  /** 0 not effective, 1 effective, 2 used up, 3 expired, 4 unsubscribed. */
  status: number;
  order_id: string | null;
  effective_time: string;
  expire_time: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Append-only: usage a rated line took from a free resource package. */
export interface FreeResourceUsagesTable {
  id: string;
  package_id: string;
  customer_id: string;
  rated_line_id: string;
  resource_id: string;
  usage_type: string;
  /** Decimal text in the package's measure. */
  amount: string;
  deduct_time: string;
}

/** Running sums of on-demand bill records (types 5 and 25) per customer, cycle, partner and product family. */
export interface UsageCycleSumsTable {
  customer_id: string;
  bill_cycle: string;
  /** '' when none. */
  partner_id: string;
  service_type_code: string;
  resource_type_code: string;
  region_code: string;
  official_amount: Int8;
  discount_amount: Int8;
  consume_amount: Int8;
  cash_amount: Int8;
  credit_amount: Int8;
  debt_amount: Int8;
  /** Sum of consume_e8 of the type-5 lines. */
  consume_e8: Int8;
  record_count: Int8;
  updated_at: string;
}

/** Outstanding usage debt of a customer, in fen. */
export interface CustomerArrearsTable {
  customer_id: string;
  debt_amount: Int8;
  since: string | null;
  frozen_at: string | null;
  updated_at: string;
}

/** On-demand resources frozen for arrears. */
export interface UsageFrozenResourcesTable {
  resource_id: string;
  customer_id: string;
  frozen_at: string;
}

// --- SSO from partner platforms and webhooks (migration 0010-sso-webhooks) ---

/** A partner's SSO access configuration: its IdP metadata and the platform identifier it yields. */
export interface SsoConfigsTable {
  /** The partner platform identifier (xAccountType on the login URL, xaccount_type of customers). */
  xaccount_type: string;
  partner_id: string;
  idp_entity_id: string;
  /** The IdP's SingleSignOnService location (HTTP-Redirect binding). */
  idp_sso_url: string;
  /** JSON array of base64 DER certificates the IdP signs with. */
  idp_certificates: string;
  metadata_xml: string;
  metadata_sha256: string;
  /** Where binding results are posted (form-data, signed with our SP key). */
  bind_callback_url: string | null;
  /** Where the browser returns after a payment. */
  payment_return_url: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

/** Our service provider's key pair; the private key sealed with the master key. */
export interface SsoSpCredentialsTable {
  id: string;
  private_key_sealed: string;
  certificate_pem: string;
  created_at: string;
}

/** AuthnRequests we sent: a response must name one (InResponseTo), once, before it expires. */
export interface SsoRequestsTable {
  id: string;
  xaccount_type: string;
  is_first_login: number;
  service: string | null;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

/** Assertions already accepted (a replay cache), kept until their NotOnOrAfter. */
export interface SsoAssertionsTable {
  issuer: string;
  assertion_id: string;
  not_on_or_after: string;
  received_at: string;
}

/** Single-use handles a browser carries (in a cookie) from the assertion to its session or binding. */
export interface SsoHandlesTable {
  handle_hash: string;
  kind: 'login' | 'bind';
  xaccount_type: string;
  xaccount_id: string;
  customer_id: string | null;
  user_id: string | null;
  service: string | null;
  /** JSON object. */
  attributes: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface WebhookSubscriptionsTable {
  id: string;
  partner_id: string;
  url: string;
  /** JSON array of event types (`work_order.*` a prefix, `*` all). */
  event_types: string;
  /** Sealed with the secret box: the HMAC key, shown once at creation. */
  secret_sealed: string;
  description: string | null;
  status: 'active' | 'deleted';
  created_at: string;
  deleted_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  subscription_id: string;
  partner_id: string;
  event_id: number;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  last_allowed_attempt: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  succeeded_at: string | null;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  cause: 'automatic' | 'replay';
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  succeeded: number;
}

export interface DB {
  coupon_quotas: CouponQuotasTable;
  coupons: CouponsTable;
  stored_value_cards: StoredValueCardsTable;
  coupon_holds: CouponHoldsTable;
  coupon_journal: CouponJournalTable;
  coupon_records: CouponRecordsTable;
  orders: OrdersTable;
  order_line_items: OrderLineItemsTable;
  order_discount_lines: OrderDiscountLinesTable;
  order_coupons: OrderCouponsTable;
  subscription_resources: SubscriptionResourcesTable;
  subscription_periods: SubscriptionPeriodsTable;
  refund_items: RefundItemsTable;
  renew_configs: RenewConfigsTable;
  bill_records: BillRecordsTable;
  work_orders: WorkOrdersTable;
  work_order_messages: WorkOrderMessagesTable;
  work_order_attachments: WorkOrderAttachmentsTable;
  outbox_events: OutboxEventsTable;
  catalog_regions: CatalogRegionsTable;
  catalog_measure_units: CatalogMeasureUnitsTable;
  catalog_conversions: CatalogConversionsTable;
  catalog_service_types: CatalogServiceTypesTable;
  catalog_resource_types: CatalogResourceTypesTable;
  catalog_service_resources: CatalogServiceResourcesTable;
  catalog_usage_types: CatalogUsageTypesTable;
  catalog_resource_specs: CatalogResourceSpecsTable;
  catalog_spec_regions: CatalogSpecRegionsTable;
  catalog_incentive_policies: CatalogIncentivePoliciesTable;
  price_books: PriceBooksTable;
  price_entries: PriceEntriesTable;
  discounts: DiscountsTable;
  verification_codes: VerificationCodesTable;
  message_outbox: MessageOutboxTable;
  realname_applications: RealnameApplicationsTable;
  realname_qr_codes: RealnameQrCodesTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_postings: LedgerPostingsTable;
  funds_records: FundsRecordsTable;
  funds_top_ups: FundsTopUpsTable;
  funds_credit_lines: FundsCreditLinesTable;
  idempotency_keys: IdempotencyKeysTable;
  accounts: AccountsTable;
  customers: CustomersTable;
  users: UsersTable;
  access_keys: AccessKeysTable;
  tokens: TokensTable;
  settings: SettingsTable;
  jobs: JobsTable;
  association_requests: AssociationRequestsTable;
  association_history: AssociationHistoryTable;
  customer_addresses: CustomerAddressesTable;
  usage_records: UsageRecordsTable;
  usage_rated_lines: UsageRatedLinesTable;
  free_resource_packages: FreeResourcePackagesTable;
  free_resource_usages: FreeResourceUsagesTable;
  usage_cycle_sums: UsageCycleSumsTable;
  customer_arrears: CustomerArrearsTable;
  usage_frozen_resources: UsageFrozenResourcesTable;
  sso_configs: SsoConfigsTable;
  sso_sp_credentials: SsoSpCredentialsTable;
  sso_requests: SsoRequestsTable;
  sso_assertions: SsoAssertionsTable;
  sso_handles: SsoHandlesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
