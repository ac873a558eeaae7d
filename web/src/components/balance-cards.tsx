import { Card, Col, Row, Skeleton, Statistic } from 'antd';
import type { AccountBalanceV2, AccountBalanceV3 } from '../api/contract.ts';
import type { MessageKey } from '../i18n/en.ts';
import { formatAmount } from '../format/amount.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Balance = AccountBalanceV2 | AccountBalanceV3;

const TITLES: Record<number, MessageKey> = { 1: 'balance.cash', 2: 'balance.credit', 5: 'balance.bonus', 7: 'balance.deposit', 8: 'balance.allocatable' };

/** One card per account type the API reported, amounts formatted exactly. */
export function BalanceCards({ balances, loading, extra }: { balances: Balance[] | undefined; loading: boolean; extra?: { title: string; value: number | undefined; currency?: string }[] }) {
  const { t } = useI18n();
  if (loading && !balances) return <Skeleton active paragraph={{ rows: 2 }} />;
  const cards = (balances ?? []).map((b) => {
    const title = TITLES[b.account_type ?? 0];
    const footer =
      b.account_type === 2 && 'credit_amount' in b && b.credit_amount !== undefined
        ? `${t('balance.creditLine')}: ${formatAmount(b.credit_amount, b.currency)}`
        : b.account_type !== 8 && b.designated_amount
          ? `${t('balance.designated')}: ${formatAmount(b.designated_amount, b.currency)}`
          : undefined;
    return {
      key: b.account_id ?? String(b.account_type),
      type: b.account_type,
      title: title ? t(title) : t('balance.typeOther', { type: b.account_type ?? '?' }),
      text: formatAmount(b.amount, b.currency),
      footer,
    };
  });
  for (const e of extra ?? []) cards.push({ key: e.title, type: -1, title: e.title, text: formatAmount(e.value, e.currency), footer: undefined });
  return (
    <Row gutter={[16, 16]} className="stat-grid" data-testid="balance-cards">
      {cards.map((c) => (
        <Col key={c.key} xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={c.title} value={c.text} formatter={() => <span className="amount" data-testid={`balance-${c.type ?? 'x'}`}>{c.text}</span>} />
            {c.footer && <div className="muted">{c.footer}</div>}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
