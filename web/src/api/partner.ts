import { call } from './client.ts';
import type {
  AdjustAccountReq,
  AdjustToIndirectPartnerReq,
  CreateCustomerV2Req,
  CreateSubCustomerResponse,
  ListCustomersBalancesDetailResponse,
  ListIndirectPartnersResponse,
  ListPartnerAccountChangeRecordsResponse,
  ListPartnerAdjustRecordsResponse,
  ListPartnerBalancesResponse,
  ListSubCustomersResponse,
  QueryIndirectPartnersReq,
  QuerySubCustomerListReq,
  ReclaimIndirectPartnerAccountReq,
  ReclaimIndirectPartnerAccountResponse,
  ReclaimToPartnerAccountBalancesReq,
  ReclaimToPartnerAccountResponse,
  SendVerificationCodeV2Req,
  UpdateCustomerAccountAmountResponse,
  UpdateIndirectPartnerAccountResponse,
} from './contract.ts';

/** The partner API operations the partner center uses (paths as in the generated contract). */

/** Money moves carry X-Idempotency-Key (this server's extension): a retry cannot move money twice. */
const idempotent = (key: string) => ({ 'X-Idempotency-Key': key });

export const listSubCustomers = (req: QuerySubCustomerListReq) => call<ListSubCustomersResponse>('POST', '/v2/partners/sub-customers/query', { body: req });

export const createSubCustomer = (req: CreateCustomerV2Req) => call<CreateSubCustomerResponse>('POST', '/v2/partners/sub-customers', { body: req });

/** receiver_type 1: a mobile phone; scene 29: registration (the code create_sub_customer checks). */
export const sendRegistrationCode = (mobilePhone: string, lang: 'zh-cn' | 'en-us') =>
  call<void>('POST', '/v2/bases/verificationcode/send', {
    body: { receiver_type: 1, mobile_phone: mobilePhone, scene: 29, lang } satisfies SendVerificationCodeV2Req,
  });

export const listIndirectPartners = (req: QueryIndirectPartnersReq) =>
  call<ListIndirectPartnersResponse>('POST', '/v2/partners/indirect-partners/query', { body: req });

export const listPartnerBalances = (indirectPartnerId?: string) =>
  call<ListPartnerBalancesResponse>('GET', '/v2/accounts/partner-accounts/balances', { query: { indirect_partner_id: indirectPartnerId } });

export const listCustomersBalances = (customerIds: string[], indirectPartnerId?: string) =>
  call<ListCustomersBalancesDetailResponse>('POST', '/v2/accounts/customer-accounts/balances/batch-query', {
    body: { customer_infos: customerIds.map((customer_id) => ({ customer_id })), ...(indirectPartnerId ? { indirect_partner_id: indirectPartnerId } : {}) },
  });

export const allocateToCustomer = (req: AdjustAccountReq, idempotencyKey: string) =>
  call<UpdateCustomerAccountAmountResponse>('POST', '/v2/accounts/partner-accounts/adjust-amount', { body: req, headers: idempotent(idempotencyKey) });

export const reclaimFromCustomer = (req: ReclaimToPartnerAccountBalancesReq, idempotencyKey: string) =>
  call<ReclaimToPartnerAccountResponse>('POST', '/v2/accounts/partner-accounts/reclaim', { body: req, headers: idempotent(idempotencyKey) });

export const allocateToReseller = (req: AdjustToIndirectPartnerReq, idempotencyKey: string) =>
  call<UpdateIndirectPartnerAccountResponse>('POST', '/v2/accounts/partner-accounts/indirect-partner-adjust', { body: req, headers: idempotent(idempotencyKey) });

export const reclaimFromReseller = (req: ReclaimIndirectPartnerAccountReq, idempotencyKey: string) =>
  call<ReclaimIndirectPartnerAccountResponse>('POST', '/v2/accounts/partner-accounts/indirect-partner-reclaim', { body: req, headers: idempotent(idempotencyKey) });

export interface AdjustRecordsQuery {
  customer_id?: string;
  operation_type?: string;
  offset: number;
  limit: number;
}

export const listAdjustRecords = (q: AdjustRecordsQuery) =>
  call<ListPartnerAdjustRecordsResponse>('GET', '/v3/accounts/partner-accounts/adjust-records', { query: { ...q } });

export type BalanceKind = 'BALANCE_TYPE_DEBIT' | 'BALANCE_TYPE_CREDIT';

export interface ChangeRecordsQuery {
  balance_type: BalanceKind;
  trade_type?: string;
  offset: number;
  limit: number;
}

export const listPartnerChangeRecords = (q: ChangeRecordsQuery) =>
  call<ListPartnerAccountChangeRecordsResponse>('GET', '/v2/accounts/partner-accounts/account-change-records', { query: { ...q } });
