import type { RawBuilder, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { appendEvent } from '../../platform/event-outbox.ts';
import { formatAmountText } from '../../platform/money.ts';
import type { Fen } from '../../platform/money.ts';
import { InsufficientBalanceError, isSystemOwner, postEntry, type LedgerAccountRef } from '../ledger/index.ts';
import { insertRecords, type RecordRow } from './funds.repo.ts';
import { noteLowBalance } from './low-balance.ts';
import { insufficientBalance } from './funds.errors.ts';
import type { Party } from './funds-parties.ts';
import type { Trade } from './trade-types.ts';

export interface MovementSide {
  account: LedgerAccountRef;
  /** The party this side's income/expense record names (customer_id / account_name), if any. */
  names?: Party | null;
}

export interface Movement {
  kind: string;
  /** The movement's business id: transfer_id / trans_id, and the journal entry's ref. */
  ref: string;
  initiatorId: string;
  at: string;
  memo?: string | null;
  from: MovementSide;
  to: MovementSide;
  amount: Fen;
  /** Part of the amount that arrives earmarked (designated) on the receiving side. */
  designated?: Fen;
  trade: Trade;
  /** Describes whose balance is short, for CBC.99005003. */
  shortOf: string;
  /**
   * The partner the movement concerns (the lower tier when two partners are involved: its tier-1
   * receives the partner's events too), named in the `funds.moved` event for webhooks.
   */
  partnerId: string;
  /** Whose money leaves: a partner's (the default) or a customer's (reclaims), for `balance.low`. */
  fromKind?: 'partner' | 'customer';
  /** A condition that must hold when the money moves (EntryInput.onlyIf); EntryConditionFailed if not. */
  onlyIf?: RawBuilder<unknown>;
}

/**
 * Moves `amount` from one ledger account to another in the caller's transaction: one journal entry,
 * plus an expense record for the paying side and an income record for the receiving side (system
 * counter-accounts get no records). Throws CBC.99005003 when the paying side cannot cover it.
 */
export async function moveFunds(trx: Transaction<DB>, m: Movement): Promise<{ entryId: number }> {
  let posted;
  try {
    posted = await postEntry(trx, {
      kind: m.kind,
      ref: m.ref,
      initiatorId: m.initiatorId,
      memo: m.memo ?? null,
      at: m.at,
      ...(m.onlyIf ? { onlyIf: m.onlyIf } : {}),
      postings: [
        { account: m.from.account, amount: -m.amount },
        { account: m.to.account, amount: m.amount, designatedDelta: m.designated ?? 0n },
      ],
    });
  } catch (e) {
    if (e instanceof InsufficientBalanceError) throw insufficientBalance(m.shortOf);
    throw e;
  }
  const [fromAfter, toAfter] = posted.balances;
  const records: RecordRow[] = [];
  const record = (side: MovementSide, direction: 1 | 2, balanceAfter: Fen): RecordRow => ({
    entryId: posted.entryId,
    ownerId: side.account.ownerId,
    balanceType: side.account.balanceType,
    direction,
    tradeType: m.trade.tradeType,
    tradeDetailType: m.trade.detail,
    tradeId: m.ref,
    amount: m.amount,
    balanceAfter,
    counterpartyId: side.names?.id ?? null,
    counterpartyName: side.names?.name ?? null,
    at: m.at,
  });
  if (!isSystemOwner(m.from.account.ownerId)) records.push(record(m.from, 2, fromAfter!.balance));
  if (!isSystemOwner(m.to.account.ownerId)) records.push(record(m.to, 1, toAfter!.balance));
  await insertRecords(trx, records);
  if (!isSystemOwner(m.from.account.ownerId)) {
    const customer = m.fromKind === 'customer';
    await noteLowBalance(trx, {
      ownerId: m.from.account.ownerId,
      balanceType: m.from.account.balanceType,
      before: fromAfter!.balance + m.amount,
      after: fromAfter!.balance,
      // A partner hears of its own balance; a customer's goes to the partner of the movement.
      partnerId: customer ? m.partnerId : m.from.account.ownerId,
      isCustomer: customer,
      at: new Date(m.at),
    });
  }
  await appendEvent(
    trx,
    {
      type: 'funds.moved',
      aggregateType: 'funds_movement',
      aggregateId: m.ref,
      payload: {
        kind: m.kind,
        ref: m.ref,
        partner_id: m.partnerId,
        from_owner_id: isSystemOwner(m.from.account.ownerId) ? null : m.from.account.ownerId,
        to_owner_id: isSystemOwner(m.to.account.ownerId) ? null : m.to.account.ownerId,
        balance_type: m.to.account.balanceType,
        amount: formatAmountText(m.amount),
      },
    },
    new Date(m.at),
  );
  return { entryId: posted.entryId };
}
