import { call, download } from './client.ts';
import type { ListCustomerBillsFeeRecordsResponse, ListSubCustomerBillDetailResponse, ListSubcustomerMonthlyBillsResponse, ShowCustomerMonthlySumResponse } from './contract.ts';

/** The bill read operations of the partner API, and this server's export extension. */

export const listSubCustomerMonthlyBills = (q: { cycle: string; charge_mode: string; customer_id?: string; indirect_partner_id?: string; offset: number; limit: number }) =>
  call<ListSubcustomerMonthlyBillsResponse>('GET', '/v2/bills/partner-bills/subcustomer-bills/monthly-sum', { query: { ...q } });

export const listSubCustomerBillDetail = (q: { bill_cycle: string; customer_id: string; indirect_partner_id?: string; offset: number; limit: number }) =>
  call<ListSubCustomerBillDetailResponse>('GET', '/v2/bills/subcustomer-bills/res-fee-records', { query: { ...q } });

export const showMonthlySum = (q: { bill_cycle: string; offset: number; limit: number }) =>
  call<ShowCustomerMonthlySumResponse>('GET', '/v2/bills/customer-bills/monthly-sum', { query: { ...q } });

export const listFeeRecords = (q: { bill_cycle: string; offset: number; limit: number }) =>
  call<ListCustomerBillsFeeRecordsResponse>('GET', '/v2/bills/customer-bills/fee-records', { query: { ...q } });

export type ExportFormat = 'csv' | 'xlsx';

/** GET /v2/extension/bills/export: the bill records of a cycle as a file (404 where the server has no export). */
export const exportBills = (q: { bill_cycle: string; format: ExportFormat; customer_id?: string }) =>
  download('/v2/extension/bills/export', { ...q }, `bills-${q.bill_cycle}.${q.format}`);
