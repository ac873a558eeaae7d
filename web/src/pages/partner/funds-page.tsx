import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { MinusCircleOutlined, PlusCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { listAdjustRecords, listPartnerBalances, listPartnerChangeRecords, type BalanceKind } from '../../api/partner.ts';
import type { AccountChangeRecord, AdjustRecordV3 } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { BalanceCards } from '../../components/balance-cards.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CustomerFundsDialog, type FundsDirection } from './funds-dialogs.tsx';

/** The partner's balances, allocation to and reclaim from customers, and the records of both. */
export function FundsPage() {
  const { t } = useI18n();
  const balances = useAsync(() => listPartnerBalances(), []);
  const [dialog, setDialog] = useState<FundsDirection | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = () => {
    balances.reload();
    setTick((n) => n + 1);
  };

  return (
    <>
      <PageHead
        title={t('funds.title')}
        extra={
          <Space>
            <Button type="primary" icon={<PlusCircleOutlined />} onClick={() => setDialog('allocate')} data-testid="open-allocate">
              {t('funds.allocate')}
            </Button>
            <Button icon={<MinusCircleOutlined />} onClick={() => setDialog('reclaim')} data-testid="open-reclaim">
              {t('funds.reclaim')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={refresh}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      />
      <ErrorAlert error={balances.error} onRetry={balances.reload} />
      <BalanceCards balances={balances.data?.account_balances} loading={balances.loading} />
      <Tabs
        style={{ marginTop: 16 }}
        items={[
          { key: 'adjust', label: t('funds.adjustRecords'), children: <AdjustRecords tick={tick} /> },
          { key: 'changes', label: t('funds.changeRecords'), children: <ChangeRecords tick={tick} /> },
        ]}
      />
      {dialog && <CustomerFundsDialog open direction={dialog} onClose={() => setDialog(null)} onDone={refresh} />}
    </>
  );
}

function AdjustRecords({ tick }: { tick: number }) {
  const { t, tOr, date } = useI18n();
  const [customerId, setCustomerId] = useState('');
  const [operation, setOperation] = useState('');
  const list = useServerList<AdjustRecordV3>(
    async (offset, limit) => {
      const r = await listAdjustRecords({ offset, limit, customer_id: customerId || undefined, operation_type: operation || undefined });
      return { rows: r.records ?? [], total: r.total_count ?? 0 };
    },
    [customerId, operation, tick],
  );
  const columns: ColumnsType<AdjustRecordV3> = [
    { title: t('common.time'), key: 'time', render: (_, r) => date(r.operation_time) },
    { title: t('funds.customer'), key: 'customer', render: (_, r) => r.customer_name ?? r.customer_id },
    {
      title: t('funds.operationType'),
      key: 'op',
      render: (_, r) => (
        <Tag color={r.operation_type === 'SOURCE_OPERATION_BEADJUST' ? 'green' : 'orange'}>{tOr(`op.${r.operation_type ?? ''}`, r.operation_type ?? '')}</Tag>
      ),
    },
    { title: t('common.amount'), key: 'amount', align: 'right', render: (_, r) => <Amount value={r.amount} currency={r.currency} /> },
    { title: t('funds.transId'), key: 'trans', dataIndex: 'trans_id' },
  ];
  return (
    <>
      <div className="toolbar">
        <Input.Search allowClear placeholder={t('customers.customerId')} onSearch={(v) => setCustomerId(v.trim())} style={{ width: 300 }} />
        <Select
          style={{ width: 180 }}
          value={operation}
          onChange={setOperation}
          options={[
            { value: '', label: `${t('funds.operationType')}: ${t('common.all')}` },
            ...['SOURCE_OPERATION_BEADJUST', 'SOURCE_OPERATION_BERETRIEVE', 'SOURCE_OPERATION_BEUNBIND'].map((o) => ({ value: o, label: tOr(`op.${o}`, o) })),
          ]}
        />
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<AdjustRecordV3>
        rowKey={(r) => `${r.trans_id ?? ''}${r.operation_time ?? ''}${r.customer_id ?? ''}`}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="adjust-records"
      />
    </>
  );
}

function ChangeRecords({ tick }: { tick: number }) {
  const { t, tOr, date } = useI18n();
  const [balanceType, setBalanceType] = useState<BalanceKind>('BALANCE_TYPE_DEBIT');
  const list = useServerList<AccountChangeRecord>(
    async (offset, limit) => {
      const r = await listPartnerChangeRecords({ balance_type: balanceType, offset, limit });
      return { rows: r.records ?? [], total: r.total_count ?? 0 };
    },
    [balanceType, tick],
  );
  const columns: ColumnsType<AccountChangeRecord> = [
    { title: t('common.time'), key: 'time', render: (_, r) => date(r.trade_time) },
    { title: t('funds.tradeType'), key: 'type', render: (_, r) => tOr(`trade.${r.trade_detail_type ?? ''}`, r.trade_detail_type ?? '—') },
    { title: t('funds.customer'), key: 'customer', render: (_, r) => r.account_name ?? r.customer_id ?? '—' },
    { title: t('funds.change'), key: 'change', align: 'right', render: (_, r) => <Amount value={r.change_amount} /> },
    { title: t('funds.balanceAfter'), key: 'after', align: 'right', render: (_, r) => <Amount value={r.balance_after_change} /> },
    { title: t('funds.transId'), key: 'trade', dataIndex: 'trade_id' },
  ];
  return (
    <>
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
      <Table<AccountChangeRecord>
        rowKey={(r) => r.account_change_id ?? `${r.trade_id ?? ''}${r.trade_time ?? ''}`}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="change-records"
      />
    </>
  );
}
