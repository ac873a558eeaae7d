import { formatAmount, type Fen } from '../../platform/money.ts';
import { ALLOCATABLE_ACCOUNT_TYPE, BalanceType, balanceOf, type Balance } from '../ledger/index.ts';
import { CURRENCY, MEASURE_YUAN } from './trade-types.ts';

/**
 * How balances appear on the wire. account_id names an owner's account of one type; it is stable
 * and exists before the first movement creates the ledger row.
 */
export const accountIdOf = (ownerId: string, type: number): string => `${ownerId}-${type}`;

export interface BalanceView {
  account_id: string;
  account_type: number;
  amount: number;
  currency: string;
  designated_amount?: number;
  credit_amount?: number;
  measure_id: number;
}

/** Cash (with its designated part), credit (with the total line), then any bonus and deposit accounts. */
export function balanceViews(ownerId: string, balances: readonly Balance[], creditLine: Fen): BalanceView[] {
  const cash = balanceOf(balances, BalanceType.cash);
  const credit = balanceOf(balances, BalanceType.credit);
  const view = (type: number, amount: Fen, extra: Partial<BalanceView> = {}): BalanceView => ({
    account_id: accountIdOf(ownerId, type),
    account_type: type,
    amount: formatAmount(amount),
    currency: CURRENCY,
    ...extra,
    measure_id: MEASURE_YUAN,
  });
  const out = [
    view(BalanceType.cash, cash.balance, { designated_amount: formatAmount(cash.designated) }),
    view(BalanceType.credit, credit.balance, { designated_amount: 0, credit_amount: formatAmount(creditLine) }),
  ];
  for (const type of [BalanceType.bonus, BalanceType.deposit]) {
    const b = balances.find((x) => x.balanceType === type);
    if (b) out.push(view(type, b.balance, { designated_amount: formatAmount(b.designated) }));
  }
  return out;
}

/** Allocatable (可拨款, type 8): what a partner may still hand out, cash − designated. */
export function allocatableView(ownerId: string, balances: readonly Balance[]): BalanceView {
  const cash = balanceOf(balances, BalanceType.cash);
  return {
    account_id: accountIdOf(ownerId, ALLOCATABLE_ACCOUNT_TYPE),
    account_type: ALLOCATABLE_ACCOUNT_TYPE,
    amount: formatAmount(cash.balance - cash.designated),
    currency: CURRENCY,
    designated_amount: 0,
    measure_id: MEASURE_YUAN,
  };
}

/** A customer's total available amount: cash plus available credit. */
export function availableOf(balances: readonly Balance[]): Fen {
  return balanceOf(balances, BalanceType.cash).balance + balanceOf(balances, BalanceType.credit).balance;
}
