import type { Transaction } from 'kysely';
import type { DB, LedgerBalanceType } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { BalanceType, InsufficientBalanceError, postEntry, type LedgerAccountRef } from '../ledger/index.ts';
import { noteLowBalance } from './low-balance.ts';
import { insertRecords, type RecordRow } from './funds.repo.ts';
import { insufficientBalance } from './funds.errors.ts';
import { TRADE } from './trade-types.ts';

/**
 * The counter-account of customers' purchases: what customers pay for subscriptions goes here,
 * refunds come back from it. A system account, so it may go below zero and gets no records.
 */
export const SALES_ACCOUNT: LedgerAccountRef = { ownerId: 'system:sales', balanceType: BalanceType.cash };

export type CustomerTradeKind = 'charge' | 'unsubscribe_refund' | 'refund';

export interface CustomerTradePart {
  balanceType: LedgerBalanceType;
  /** Fen, ≥ 0: taken from (charge) or returned to (refunds) this balance. Zero parts are skipped. */
  amount: Fen;
}

export interface CustomerTrade {
  kind: CustomerTradeKind;
  /** The journal entry's unique ref: the same ref twice is refused by the ledger (a natural key). */
  ref: string;
  /** The business id the records show (trade_id): the order id. */
  tradeId: string;
  customerId: string;
  initiatorId: string;
  at: string;
  memo?: string | null;
  parts: readonly CustomerTradePart[];
}

const TRADE_OF = { charge: TRADE.deduct, unsubscribe_refund: TRADE.unsubscribeRefund, refund: TRADE.refund } as const;

/**
 * Charges a customer's balances for an order, or returns money to them, in the caller's
 * transaction: one journal entry against the sales account, and one income or expense record per
 * balance touched. Throws CBC.99005003 when a balance cannot cover its part. Returns null when
 * every part is zero (nothing to post).
 */
export async function postCustomerTrade(trx: Transaction<DB>, t: CustomerTrade): Promise<{ entryId: number } | null> {
  const parts = t.parts.filter((p) => p.amount !== 0n);
  if (parts.some((p) => p.amount < 0n)) throw new Error('a trade part must not be negative');
  if (parts.length === 0) return null;
  const sign = t.kind === 'charge' ? -1n : 1n;
  const total = parts.reduce((a, p) => a + p.amount, 0n);
  let posted;
  try {
    posted = await postEntry(trx, {
      kind: t.kind === 'charge' ? 'order_payment' : 'order_refund',
      ref: t.ref,
      initiatorId: t.initiatorId,
      memo: t.memo ?? null,
      at: t.at,
      postings: [
        ...parts.map((p) => ({ account: { ownerId: t.customerId, balanceType: p.balanceType }, amount: sign * p.amount })),
        { account: SALES_ACCOUNT, amount: -sign * total },
      ],
    });
  } catch (e) {
    if (e instanceof InsufficientBalanceError) throw insufficientBalance("the customer's balance is less than the amount to pay");
    throw e;
  }
  const trade = TRADE_OF[t.kind];
  const records: RecordRow[] = parts.map((p, i) => ({
    entryId: posted.entryId,
    ownerId: t.customerId,
    balanceType: p.balanceType,
    direction: t.kind === 'charge' ? 2 : 1,
    tradeType: trade.tradeType,
    tradeDetailType: trade.detail,
    tradeId: t.tradeId,
    amount: p.amount,
    balanceAfter: posted.balances[i]!.balance,
    counterpartyId: null,
    counterpartyName: null,
    at: t.at,
  }));
  await insertRecords(trx, records);
  if (t.kind === 'charge') {
    for (const [i, p] of parts.entries()) {
      const after = posted.balances[i]!.balance;
      await noteLowBalance(trx, { ownerId: t.customerId, balanceType: p.balanceType, before: after + p.amount, after, partnerId: null, isCustomer: true, at: new Date(t.at) });
    }
  }
  return { entryId: posted.entryId };
}
