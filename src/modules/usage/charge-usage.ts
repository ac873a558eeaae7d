import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Fen } from '../../platform/money.ts';
import { postCustomerTrade } from '../funds/index.ts';
import { BalanceType, balanceOf, findBalances, type Balance } from '../ledger/index.ts';
import { addDebt, findArrears, repayDebt } from './usage.repo.ts';

/** Who the journal names as having initiated usage charges. */
export const USAGE_INITIATOR = 'system:usage';

export interface PaymentSplit {
  cash: Fen;
  credit: Fen;
  debt: Fen;
}

/** What a customer can pay with: cash then credit (brief §3.3), each what its account holds above its earmarked part. */
export function available(balances: readonly Balance[] | undefined): { cash: Fen; credit: Fen } {
  const free = (type: 1 | 2) => {
    const b = balanceOf(balances, type);
    const v = b.balance - b.designated;
    return v > 0n ? v : 0n;
  };
  return { cash: free(BalanceType.cash), credit: free(BalanceType.credit) };
}

/** Pays amounts in order from cash, then credit; what neither covers is debt. Pure. */
export function splitPayment(funds: { cash: Fen; credit: Fen }, amounts: readonly Fen[]): { splits: PaymentSplit[]; left: { cash: Fen; credit: Fen } } {
  let { cash, credit } = funds;
  const splits = amounts.map((amount): PaymentSplit => {
    const fromCash = amount < cash ? amount : cash;
    cash -= fromCash;
    const rest = amount - fromCash;
    const fromCredit = rest < credit ? rest : credit;
    credit -= fromCredit;
    return { cash: fromCash, credit: fromCredit, debt: rest - fromCredit };
  });
  return { splits, left: { cash, credit } };
}

export interface CustomerCharge {
  customerId: string;
  /** Journal entry ref (unique): `U:<batch>:<customer>`, `MAKEUP:<customer>:<cycle>` … (at most 63 characters: an arrears repayment prefixes it with A) */
  ref: string;
  tradeId: string;
  amounts: readonly Fen[];
}

/**
 * Charges customers in the caller's transaction: per customer one journal entry (customer cash
 * and credit → sales) for what its balances cover, debt for the rest (added to its arrears), and,
 * when money is left over, a repayment of arrears it already had. Returns each amount's split and
 * the entry id, by customer.
 */
export async function chargeUsage(
  trx: Transaction<DB>,
  charges: readonly CustomerCharge[],
  at: string,
): Promise<Map<string, { splits: PaymentSplit[]; entryId: number | null }>> {
  const ids = charges.map((c) => c.customerId);
  const [balances, arrears] = await Promise.all([findBalances(trx, ids), findArrears(trx, ids)]);
  const out = new Map<string, { splits: PaymentSplit[]; entryId: number | null }>();
  for (const c of charges) {
    const { splits, left } = splitPayment(available(balances.get(c.customerId)), c.amounts);
    const cash = splits.reduce((a, s) => a + s.cash, 0n);
    const credit = splits.reduce((a, s) => a + s.credit, 0n);
    const debt = splits.reduce((a, s) => a + s.debt, 0n);
    const posted = await postCustomerTrade(trx, {
      kind: 'charge',
      ref: c.ref,
      tradeId: c.tradeId,
      customerId: c.customerId,
      initiatorId: USAGE_INITIATOR,
      at,
      memo: 'on-demand usage',
      parts: [
        { balanceType: BalanceType.cash, amount: cash },
        { balanceType: BalanceType.credit, amount: credit },
      ],
    });
    out.set(c.customerId, { splits, entryId: posted?.entryId ?? null });
    if (debt > 0n) await addDebt(trx, c.customerId, debt, at);
    const owed = arrears.get(c.customerId)?.debt ?? 0n;
    if (debt === 0n && owed > 0n) await repayArrears(trx, c.customerId, owed, left, `A${c.ref}`, at);
  }
  return out;
}

/** Repays up to `owed` of a customer's arrears from `funds` (cash first). Returns what was repaid. */
export async function repayArrears(trx: Transaction<DB>, customerId: string, owed: Fen, funds: { cash: Fen; credit: Fen }, ref: string, at: string): Promise<Fen> {
  const { splits } = splitPayment(funds, [owed]);
  const s = splits[0]!;
  const paid = s.cash + s.credit;
  if (paid === 0n) return 0n;
  await postCustomerTrade(trx, {
    kind: 'charge',
    ref,
    tradeId: ref,
    customerId,
    initiatorId: USAGE_INITIATOR,
    at,
    memo: 'usage arrears repayment',
    parts: [
      { balanceType: BalanceType.cash, amount: s.cash },
      { balanceType: BalanceType.credit, amount: s.credit },
    ],
  });
  await repayDebt(trx, customerId, paid, at);
  return paid;
}
