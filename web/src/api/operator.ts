import { call, seg } from './client.ts';
import type { PartnerType } from './auth.ts';

/** The operator plane (/operator/v1, documented in the server's OpenAPI). */

export interface Partner {
  id: string;
  name: string;
  display_name: string;
  partner_type: PartnerType;
  parent_id: string | null;
  status?: string;
  created_at: string;
}

const seen = new Map<string, Partner>();

export async function listPartners(q: { partner_type?: PartnerType; offset: number; limit: number }): Promise<{ partners: Partner[] }> {
  const r = await call<{ partners: Partner[] }>('GET', '/operator/v1/partners', { query: { ...q } });
  for (const p of r.partners) seen.set(p.id, p);
  return r;
}

/**
 * One partner by id. The operator plane has no such read, so this looks among the partners
 * already listed, then pages through the list (up to 1,000 partners).
 */
export async function findPartner(id: string): Promise<Partner | null> {
  const known = seen.get(id);
  if (known) return known;
  for (let offset = 0; offset < 1000; offset += 100) {
    const page = (await listPartners({ offset, limit: 100 })).partners;
    const hit = page.find((p) => p.id === id);
    if (hit) return hit;
    if (page.length < 100) break;
  }
  return null;
}

export interface CreatePartnerInput {
  name: string;
  display_name?: string;
  partner_type: PartnerType;
  parent_id?: string;
}

export const createPartner = (input: CreatePartnerInput) => call<Partner>('POST', '/operator/v1/partners', { body: input });

export interface AccessKeyInfo {
  access: string;
  user_id: string;
  status: string;
  description: string;
  created_at: string;
  revoked_at: string | null;
}

export interface IssuedAccessKey {
  access: string;
  secret: string;
  account_id: string;
  user_id: string;
  created_at: string;
}

export const listAccessKeys = (accountId: string) =>
  call<{ access_keys: AccessKeyInfo[] }>('GET', `/operator/v1/accounts/${seg(accountId)}/access-keys`);

export const issueAccessKey = (accountId: string, input: { user_name?: string; description?: string }) =>
  call<IssuedAccessKey>('POST', `/operator/v1/accounts/${seg(accountId)}/access-keys`, { body: input });

export const revokeAccessKey = (access: string) => call<void>('DELETE', `/operator/v1/access-keys/${seg(access)}`);

export const addUser = (accountId: string, input: { name: string; password: string; role: 'partner_operator' | 'member' }) =>
  call<{ id: string; name: string }>('POST', `/operator/v1/accounts/${seg(accountId)}/users`, { body: input });

export interface TopUp {
  id: string;
  partner_id: string;
  amount: number;
  designated_amount: number;
  memo: string | null;
  created_at: string;
}

export interface CreditLine {
  id: string;
  partner_id: string;
  amount: number;
  memo: string | null;
  created_at: string;
}

export const listTopUps = (partnerId: string, q: { offset: number; limit: number }) =>
  call<{ top_ups: TopUp[] }>('GET', `/operator/v1/partners/${seg(partnerId)}/top-ups`, { query: { ...q } });

export const recordTopUp = (partnerId: string, input: { amount: number; designated_amount?: number; memo?: string }, idempotencyKey: string) =>
  call<TopUp>('POST', `/operator/v1/partners/${seg(partnerId)}/top-ups`, { body: input, headers: { 'X-Idempotency-Key': idempotencyKey } });

export const listCreditLines = (partnerId: string, q: { offset: number; limit: number }) =>
  call<{ credit_lines: CreditLine[] }>('GET', `/operator/v1/partners/${seg(partnerId)}/credit-lines`, { query: { ...q } });

export const grantCreditLine = (partnerId: string, input: { amount: number; memo?: string }, idempotencyKey: string) =>
  call<CreditLine>('POST', `/operator/v1/partners/${seg(partnerId)}/credit-lines`, { body: input, headers: { 'X-Idempotency-Key': idempotencyKey } });

export interface ClockState {
  now: string;
  offset_ms: number;
  mode: string;
}

export const getClock = () => call<ClockState>('GET', '/operator/v1/clock');
export const advanceClock = (input: { days?: number; seconds?: number }) => call<ClockState>('POST', '/operator/v1/clock/advance', { body: input });
export const setClock = (now: string) => call<ClockState>('PUT', '/operator/v1/clock', { body: { now } });

export type ReviewStatus = 'in_review' | 'rejected' | 'approved' | 'all';

export interface RealnameReview {
  id: string;
  customer_id: string;
  partner_id: string;
  kind: string;
  verified_type: number;
  identify_type: number;
  document_type: number | null;
  name: string;
  verified_number: string;
  details: Record<string, unknown>;
  attachments: number;
  status: string;
  is_review: number;
  opinion: string | null;
  decided_by: string | null;
  submitted_at: string;
  decided_at: string | null;
}

export const listReviews = (q: { status: ReviewStatus; offset: number; limit: number }) =>
  call<{ count: number; reviews: RealnameReview[] }>('GET', '/operator/v1/realname-reviews', { query: { ...q } });

export const approveReview = (id: string) => call<RealnameReview>('POST', `/operator/v1/realname-reviews/${seg(id)}/approve`);
export const rejectReview = (id: string, opinion: string) =>
  call<RealnameReview>('POST', `/operator/v1/realname-reviews/${seg(id)}/reject`, { body: { opinion } });

export interface OutboxMessage {
  id: number;
  recipient: string;
  body: string;
  code: string;
  scene: number;
  expires_at: string;
  created_at: string;
}

export const listOutbox = (q: { mobile_phone?: string; offset: number; limit: number }) =>
  call<{ count: number; messages: OutboxMessage[] }>('GET', '/operator/v1/verification-outbox', { query: { ...q } });

export interface LedgerCheck {
  ok: boolean;
  accounts: number;
  entries: number;
  postings: number;
  problems: string[];
  problemCount: number;
}

export const verifyLedger = () => call<LedgerCheck>('GET', '/operator/v1/ledger/verify');

// ---- catalog and price books ----

export const CATALOG_TABLES = [
  'regions',
  'measure_units',
  'conversions',
  'service_types',
  'resource_types',
  'service_resources',
  'usage_types',
  'resource_specs',
  'incentive_policies',
  'price_books',
  'prices',
] as const;
export type CatalogTable = (typeof CATALOG_TABLES)[number];

export interface PriceBook {
  code: string;
  name: string;
  effective_from: string;
  effective_to: string | null;
  entries: number;
}

export const listPriceBooks = () => call<{ price_books: PriceBook[] }>('GET', '/operator/v1/catalog/price-books');

/** One catalog table as CSV text (the operator plane exports whole tables). */
export const readCatalogTable = (table: CatalogTable) => call<string>('GET', `/operator/v1/catalog/tables/${seg(table)}`, { headers: { Accept: 'text/csv' } });

export const importCatalogTable = (table: CatalogTable, csv: string) =>
  call<{ imported: Record<string, number> }>('PUT', `/operator/v1/catalog/tables/${seg(table)}`, { text: { content: csv, contentType: 'text/csv; charset=utf-8' } });

// ---- usage import (when the server offers it) ----

/** Whether the server documents an operator route (its OpenAPI document lists every route it serves). */
export async function documentedOperation(path: string, method: 'get' | 'post'): Promise<{ summary?: string; description?: string } | null> {
  const doc = await call<{ paths?: Record<string, Record<string, { summary?: string; description?: string }>> }>('GET', '/openapi.json');
  return doc.paths?.[path]?.[method] ?? null;
}

export interface UsageIngestSummary {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejections: { index: number; record_id: string | null; code: string; message: string }[];
}

/** A batch of usage records: a JSON array, or NDJSON text sent as it is. */
export const importUsageRecords = (batch: { json: unknown[] } | { ndjson: string }) =>
  'json' in batch
    ? call<UsageIngestSummary>('POST', '/operator/v1/usage-records', { body: batch.json })
    : call<UsageIngestSummary>('POST', '/operator/v1/usage-records', { text: { content: batch.ndjson, contentType: 'application/x-ndjson' } });

/** Rates every usage record of ended hours now (what the hourly job does). */
export const rateUsageNow = () => call<{ records: number; lines: number; unrateable: number }>('POST', '/operator/v1/usage/rate');
