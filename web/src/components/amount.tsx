import { formatAmount } from '../format/amount.ts';

/** An amount as the API sent it, formatted exactly (see format/amount.ts). */
export function Amount({ value, currency, testId }: { value: number | string | null | undefined; currency?: string; testId?: string }) {
  return (
    <span className="amount" data-testid={testId}>
      {formatAmount(value, currency)}
    </span>
  );
}
