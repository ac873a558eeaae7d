import { Card, Col, Descriptions, Row, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { listCustomerChangeRecords, showCustomerBalances, showRealNameStatus } from '../../api/customer.ts';
import type { CustomerAccountChangeRecord } from '../../api/contract.ts';
import type { BalanceKind } from '../../api/partner.ts';
import { Amount } from '../../components/amount.tsx';
import { BalanceCards } from '../../components/balance-cards.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { NotFound, PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useLocation } from '../../session/router.tsx';
import { useMe } from '../../session/session.tsx';
import { CustomerOrdersPage } from './orders-page.tsx';
import { ResourcesPage } from './resources-page.tsx';
import { CustomerBillsPage } from './bills-page.tsx';
import { CustomerCouponsPage } from './coupons-page.tsx';
import { TicketsPage } from '../tickets/tickets-page.tsx';
import { TicketDetailPage } from '../tickets/ticket-detail-page.tsx';

/** The customer console: balances, records, orders, resources, bills, coupons and tickets. */
export default function CustomerConsole() {
  const { path } = useLocation();
  const ticket = /^\/tickets\/([^/]+)$/.exec(path);
  if (ticket?.[1]) return <TicketDetailPage id={decodeURIComponent(ticket[1])} kind="customer" />;
  switch (path) {
    case '/':
      return <BalancesPage />;
    case '/records':
      return <RecordsPage />;
    case '/orders':
      return <CustomerOrdersPage />;
    case '/resources':
      return <ResourcesPage />;
    case '/bills':
      return <CustomerBillsPage />;
    case '/coupons':
      return <CustomerCouponsPage />;
    case '/tickets':
      return <TicketsPage canOpen />;
    default:
      return <NotFound />;
  }
}

const REALNAME_COLORS: Record<string, string> = { '-1': 'default', '0': 'processing', '1': 'error', '2': 'success' };

function BalancesPage() {
  const { t, tOr } = useI18n();
  const me = useMe();
  const balances = useAsync(() => showCustomerBalances(), []);
  const realName = useAsync(() => showRealNameStatus(), []);
  const status = realName.data?.verified_status;
  return (
    <>
      <PageHead title={t('customerHome.title')} />
      <ErrorAlert error={balances.error} onRetry={balances.reload} />
      <BalanceCards
        balances={balances.data?.account_balances}
        loading={balances.loading}
        extra={balances.data ? [{ title: t('balance.debt'), value: balances.data.debt_amount, currency: balances.data.currency }] : []}
      />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('customerHome.realName')}>
            <ErrorAlert error={realName.error} compact />
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('customers.accountName')}>{me.domain.name}</Descriptions.Item>
              <Descriptions.Item label={t('customers.customerId')}>{me.domain.id}</Descriptions.Item>
              {status !== undefined && (
                <Descriptions.Item label={t('common.status')}>
                  <Tag color={REALNAME_COLORS[String(status)] ?? 'default'} data-testid="realname-status">
                    {tOr(`realName.${status}`, String(status))}
                  </Tag>
                  {realName.data?.verified_type !== undefined && tOr(`customerHome.verifiedType.${realName.data.verified_type}`, '')}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
      </Row>
    </>
  );
}

function RecordsPage() {
  const { t, tOr, date } = useI18n();
  const [balanceType, setBalanceType] = useState<BalanceKind>('BALANCE_TYPE_DEBIT');
  const list = useServerList<CustomerAccountChangeRecord>(
    async (offset, limit) => {
      const r = await listCustomerChangeRecords({ balance_type: balanceType, offset, limit });
      return { rows: r.records ?? [], total: r.total_count ?? 0 };
    },
    [balanceType],
  );
  const columns: ColumnsType<CustomerAccountChangeRecord> = [
    { title: t('common.time'), key: 'time', render: (_, r) => date(r.trade_time) },
    { title: t('funds.tradeType'), key: 'type', render: (_, r) => tOr(`trade.${r.trade_detail_type ?? ''}`, r.trade_detail_type ?? '—') },
    { title: t('funds.change'), key: 'change', align: 'right', render: (_, r) => <Amount value={r.change_amount} /> },
    { title: t('funds.balanceAfter'), key: 'after', align: 'right', render: (_, r) => <Amount value={r.balance_after_change} /> },
    { title: t('funds.transId'), key: 'trade', dataIndex: 'trade_id' },
  ];
  return (
    <>
      <PageHead title={t('customerHome.records')} />
      <div className="toolbar">
        <Select<BalanceKind>
          style={{ width: 180 }}
          value={balanceType}
          onChange={setBalanceType}
          options={[
            { value: 'BALANCE_TYPE_DEBIT', label: `${t('funds.balanceType')}: ${t('funds.debit')}` },
            { value: 'BALANCE_TYPE_CREDIT', label: `${t('funds.balanceType')}: ${t('funds.creditType')}` },
          ]}
        />
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<CustomerAccountChangeRecord>
        rowKey={(r) => r.account_change_id ?? `${r.trade_id ?? ''}${r.trade_time ?? ''}`}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="customer-records"
      />
    </>
  );
}
