/**
 * The income/expense vocabulary of the partner API (brief §3.4). A record row carries the filter
 * code (`trade_type`, as the list operations take it) and the detailed type it reports
 * (`trade_detail_type`, with Huawei's own spelling: note `OPERAIION`).
 */
export const TRADE = {
  recharge: { tradeType: 'RECHARGE', detail: 'SOURCE_OPERAIION_RECHARGE' },
  creditAdjust: { tradeType: 'ADJUST', detail: 'SOURCE_OPERAIION_ADJUST_CREDIT' },
  partnerAdjust: { tradeType: 'BEADJUST', detail: 'SOURCE_OPERATION_BEADJUST' },
  partnerRetrieve: { tradeType: 'BERETRIEVE', detail: 'SOURCE_OPERATION_BERETRIEVE' },
  // Unbinding or a switch to referral takes the partner-funded balance back (the associations module)
  partnerUnbind: { tradeType: 'BEUNBIND', detail: 'SOURCE_OPERATION_BEUNBIND' },
  // A customer's yearly/monthly payments and their refunds (the orders module)
  deduct: { tradeType: 'DEDEUCT', detail: 'SOURCE_OPERAIION_DEDEUCT' },
  unsubscribeRefund: { tradeType: 'REFUND', detail: 'SOURCE_OPERAIION_UNSUBSCRIBE' },
  refund: { tradeType: 'REFUND', detail: 'SOURCE_OPERAIION_REFUND' },
} as const;

export type Trade = (typeof TRADE)[keyof typeof TRADE];

/** trade_type filter values of list_partner_account_change_records. */
export const PARTNER_TRADE_TYPES = [
  'RECHARGE',
  'DEDEUCT',
  'REFUND',
  'RFROZEN',
  'TRANS',
  'ADJUST',
  'BEADJUST',
  'BERETRIEVE',
  'BEUNBIND',
  'BONUSCONVERT',
  'TRADE_MODE_TRANSFER',
] as const;

/** trade_type filter values of list_customer_account_change_records. */
export const CUSTOMER_TRADE_TYPES = [
  'RECHARGE',
  'DEDEUCT',
  'REFUND',
  'RFROZEN',
  'TRANS',
  'ADJUST',
  'BEUNBIND',
  'EXPIRED',
  'BONUSCONVERT',
  'TRADE_MODE_TRANSFER',
  'DEPOSIT',
  'BEADJUST',
  'BERETRIEVE',
] as const;

/** operation_type values of list_partner_adjust_records, and the trade_type each one is. */
export const ADJUST_OPERATION_TYPES: Record<string, string> = {
  SOURCE_OPERATION_BEADJUST: 'BEADJUST',
  SOURCE_OPERATION_BERETRIEVE: 'BERETRIEVE',
  SOURCE_OPERATION_BEUNBIND: 'BEUNBIND',
};

/** balance_type of the record lists: cash or credit. */
export const RECORD_BALANCE_TYPES: Record<string, 1 | 2> = { BALANCE_TYPE_DEBIT: 1, BALANCE_TYPE_CREDIT: 2 };

export const CURRENCY = 'CNY';
/** measure_id 1: yuan. */
export const MEASURE_YUAN = 1;
