import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { BalanceType, balanceOf, findBalances } from '../ledger/index.ts';
import { moveFunds } from './move-funds.ts';
import { TRADE } from './trade-types.ts';

export interface UnbindingReclaim {
  customerId: string;
  /** The customer's account name: the partner's records name it (customer_id / account_name). */
  customerName: string;
  /** The partner that funded the customer (a tier-2 for its own customers). */
  partnerId: string;
  initiatorId: string;
  /** The movement's trans_id and journal ref. */
  ref: string;
  at: string;
}

/**
 * When a resale customer is unbound from its partner or switches to referral (brief §3.2, §5.5),
 * in the caller's transaction: the partner-funded balance (all of the customer's cash a partner may
 * take back: cash − designated) returns to the partner, recorded as SOURCE_OPERATION_BEUNBIND on
 * both sides, so it shows in the partner's change records and adjust records. Returns null when
 * there is nothing to take back.
 */
export async function reclaimOnUnbinding(trx: Transaction<DB>, r: UnbindingReclaim): Promise<{ transId: string; amount: Fen } | null> {
  const balances = await findBalances(trx, [r.customerId]);
  const cash = balanceOf(balances.get(r.customerId), BalanceType.cash);
  const amount = cash.balance - cash.designated;
  if (amount <= 0n) return null;
  await moveFunds(trx, {
    fromKind: 'customer',
    partnerId: r.partnerId,
    kind: 'unbind_reclaim',
    ref: r.ref,
    initiatorId: r.initiatorId,
    at: r.at,
    from: { account: { ownerId: r.customerId, balanceType: BalanceType.cash } },
    to: { account: { ownerId: r.partnerId, balanceType: BalanceType.cash }, names: { id: r.customerId, name: r.customerName } },
    amount,
    trade: TRADE.partnerUnbind,
    shortOf: "the customer's balance changed while it was being reclaimed",
  });
  return { transId: r.ref, amount };
}
