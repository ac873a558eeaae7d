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
  method: 'password' | 'assume_role';
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

export interface DB {
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
}
