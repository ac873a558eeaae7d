import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { formatAmountText, parseAmountText, type Fen } from '../../platform/money.ts';
import { BalanceType } from '../ledger/index.ts';

/**
 * The cash balance below which an account is announced as low (`balance.low`, for webhooks):
 * LOW_BALANCE_THRESHOLD in yuan (default 100.00; 0 turns the event off). One threshold for the
 * platform: partners filter further on their side, since the event carries the balance.
 */
export function lowBalanceThreshold(env: NodeJS.ProcessEnv = process.env): Fen {
  const text = env.LOW_BALANCE_THRESHOLD ?? '';
  if (text === '') return 10_000n;
  // Parsed once per value: every money movement asks. `serve` asks at start, so a bad value stops
  // the server there rather than failing movements.
  if (parsed?.text !== text) parsed = { text, fen: parseAmountText(text, 'LOW_BALANCE_THRESHOLD', { allowZero: true }) };
  return parsed.fen;
}

let parsed: { text: string; fen: Fen } | undefined;

export interface BalanceDrop {
  ownerId: string;
  balanceType: number;
  before: Fen;
  after: Fen;
  /** The partner the event names; null lets the webhooks find a customer's partner. */
  partnerId: string | null;
  /** Whether the owner is a customer (the event is then about the customer). */
  isCustomer: boolean;
  at: Date;
}

/**
 * In the debiting transaction: `balance.low` when a cash balance falls from at least the threshold
 * to below it. Only the crossing is announced, not every debit below it.
 */
export async function noteLowBalance(trx: Transaction<DB>, d: BalanceDrop, threshold: Fen = lowBalanceThreshold()): Promise<void> {
  if (threshold <= 0n || d.balanceType !== BalanceType.cash || !(d.before >= threshold && d.after < threshold)) return;
  await appendEvent(
    trx,
    {
      type: 'balance.low',
      aggregateType: d.isCustomer ? 'customer' : 'account',
      aggregateId: d.ownerId,
      payload: {
        owner_id: d.ownerId,
        ...(d.isCustomer ? { customer_id: d.ownerId } : {}),
        ...(d.partnerId ? { partner_id: d.partnerId } : {}),
        balance_type: d.balanceType,
        balance: formatAmountText(d.after),
        threshold: formatAmountText(threshold),
      },
    },
    d.at,
  );
}
