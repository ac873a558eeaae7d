/**
 * Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings
 * (`2026-01-02T03:04:05.000Z`) in both dialects so that they sort and compare as text.
 * Boolean flags are 0/1 integers in both dialects.
 */
import type { Generated } from 'kysely';

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

export interface DB {
  accounts: AccountsTable;
  customers: CustomersTable;
  users: UsersTable;
  access_keys: AccessKeysTable;
  tokens: TokensTable;
  settings: SettingsTable;
  jobs: JobsTable;
}
