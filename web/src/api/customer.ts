import { call } from './client.ts';
import type { ListCustomerAccountChangeRecordsResponse, ShowCustomerAccountBalancesResponse, ShowRealNameAuthStatusResponse } from './contract.ts';
import type { BalanceKind } from './partner.ts';

/** The customer-side operations of the partner API the customer console uses. */

export const showCustomerBalances = () => call<ShowCustomerAccountBalancesResponse>('GET', '/v2/accounts/customer-accounts/balances');

export const showRealNameStatus = () => call<ShowRealNameAuthStatusResponse>('GET', '/v2/customers/real-name-auth-status');

export const listCustomerChangeRecords = (q: { balance_type: BalanceKind; offset: number; limit: number }) =>
  call<ListCustomerAccountChangeRecordsResponse>('GET', '/v2/accounts/customer-accounts/account-change-records', { query: { ...q } });
