/** Bills: the read operations over bill records, costs, resource packages and measured usage; exports. */
export { billsHandlers } from './bills.routes.ts';
export { registerBillExportRoutes } from './bills.export-routes.ts';
export { listFeeRecords } from './list-fee-records.ts';
export { showMonthlySum } from './show-monthly-sum.ts';
export { listResourceRecords } from './list-resource-records.ts';
export { listResourceDetails } from './list-resource-details.ts';
export { listMonthlyBreakdown } from './list-monthly-breakdown.ts';
export { listCosts } from './list-costs.ts';
export { listSubcustomerMonthlyBills } from './list-subcustomer-monthly-bills.ts';
export { listSubCustomerBillDetail } from './list-sub-customer-bill-detail.ts';
export { listConsumeSubCustomers } from './list-consume-sub-customers.ts';
export { amortize, shareOfMonth, splitAcross } from './amortize.ts';
export { amountsAddUp, sumAmounts, type BillAmounts } from './bill-amounts.ts';
