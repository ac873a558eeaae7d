/** Funds: partner top-ups and credit lines, allocation and reclaim across the tiers, balances and records. */
export { allocateToCustomer, type CustomerTransferInput } from './allocate-to-customer.ts';
export { reclaimFromCustomer } from './reclaim-from-customer.ts';
export { reclaimOnUnbinding, type UnbindingReclaim } from './reclaim-on-unbinding.ts';
export { allocateToIndirectPartner, type IndirectTransferInput } from './allocate-to-indirect-partner.ts';
export { reclaimFromIndirectPartner } from './reclaim-from-indirect-partner.ts';
export { recordTopUp, topUpFingerprint, type TopUpInput, type TopUpView } from './record-top-up.ts';
export { grantCreditLine, creditLineFingerprint, type CreditLineInput, type CreditLineView } from './grant-credit-line.ts';
export { listTopUps } from './list-top-ups.ts';
export { listCreditLines } from './list-credit-lines.ts';
export { listPartnerBalances } from './list-partner-balances.ts';
export { listCustomersBalances } from './list-customers-balances.ts';
export { showCustomerBalances } from './show-customer-balances.ts';
export { listPartnerChangeRecords } from './list-partner-change-records.ts';
export { listCustomerChangeRecords } from './list-customer-change-records.ts';
export { listPartnerAdjustRecords } from './list-partner-adjust-records.ts';
export { postCustomerTrade, SALES_ACCOUNT, type CustomerTrade, type CustomerTradeKind, type CustomerTradePart } from './post-customer-trade.ts';
export { fundsHandlers } from './funds.routes.ts';
export { registerFundsOperatorRoutes, OPERATOR_SCOPE, operatorClaim } from './funds.operator-routes.ts';
