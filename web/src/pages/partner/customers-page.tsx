import { useMemo, useState } from 'react';
import { Button, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { listCustomersBalances, listSubCustomers } from '../../api/partner.ts';
import type { CustomerInformation } from '../../api/contract.ts';
import { Amount } from '../../components/amount.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { Masked } from '../../components/masked.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import { isDistributor } from '../../consoles.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate, useLocation } from '../../session/router.tsx';
import { useMe } from '../../session/session.tsx';
import { CreateCustomerDialog } from './create-customer-dialog.tsx';
import { CustomerFundsDialog, type FundsDirection } from './funds-dialogs.tsx';
import { ResellerSelect } from './reseller-select.tsx';

const REALNAME_COLORS: Record<string, string> = { '-1': 'default', '0': 'processing', '1': 'error', '2': 'success' };

/** list_sub_customers with search, masked personal data, balances, allocation and creation. */
export function CustomersPage() {
  const { t, tOr, date } = useI18n();
  const me = useMe();
  const distributor = isDistributor(me);
  const { query } = useLocation();
  const reseller = query.get('indirect_partner_id') ?? undefined;
  const [accountName, setAccountName] = useState('');
  const [realName, setRealName] = useState('');
  const [association, setAssociation] = useState<string>('');
  const [revealAll, setRevealAll] = useState(false);
  const [creating, setCreating] = useState(false);
  const [funds, setFunds] = useState<{ direction: FundsDirection; customer: { id: string; name: string } } | null>(null);

  const list = useServerList<CustomerInformation>(
    async (offset, limit) => {
      const r = await listSubCustomers({
        offset,
        limit,
        account_name: accountName || undefined,
        customer: realName || undefined,
        association_type: association || undefined,
        indirect_partner_id: reseller,
      });
      return { rows: r.customer_infos ?? [], total: r.count ?? 0 };
    },
    [accountName, realName, association, reseller],
  );

  const ids = list.rows.map((c) => c.customer_id ?? '').filter(Boolean);
  const balances = useAsync(
    async () => (ids.length ? ((await listCustomersBalances(ids, reseller)).customer_balances ?? []) : []),
    [ids.join(','), reseller],
  );
  const balanceOf = (id: string | undefined) => balances.data?.find((b) => b.customer_id === id);
  const platformHint = list.rows.find((c) => c.xaccount_type)?.xaccount_type;

  const columns: ColumnsType<CustomerInformation> = useMemo(
    () => [
      {
        title: t('customers.accountName'),
        key: 'account',
        render: (_, c) => (
          <Space orientation="vertical" size={0}>
            <Typography.Text strong>{c.account_name}</Typography.Text>
            <Typography.Text type="secondary" className="id-text" ellipsis={{ tooltip: c.customer_id }} copyable={{ text: c.customer_id }}>
              {c.customer_id}
            </Typography.Text>
          </Space>
        ),
      },
      {
        title: t('customers.balance'),
        key: 'balance',
        align: 'right',
        render: (_, c) => {
          const b = balanceOf(c.customer_id);
          return b ? <Amount value={b.amount} currency={b.currency} /> : balances.loading ? '…' : '—';
        },
      },
      { title: t('customers.name'), key: 'name', render: (_, c) => <Masked kind="name" value={c.customer} revealAll={revealAll} /> },
      { title: t('customers.phone'), key: 'phone', render: (_, c) => <Masked kind="phone" value={c.telephone} revealAll={revealAll} /> },
      { title: t('customers.email'), key: 'email', render: (_, c) => <Masked kind="email" value={c.email} revealAll={revealAll} /> },
      {
        title: t('customers.association'),
        key: 'association',
        render: (_, c) => <Tag color={c.association_type === '1' ? 'purple' : 'blue'}>{tOr(`association.${c.association_type ?? ''}`, c.association_type ?? '—')}</Tag>,
      },
      {
        title: t('customers.realName'),
        key: 'realName',
        render: (_, c) => (
          <Tag color={REALNAME_COLORS[c.verified_status ?? ''] ?? 'default'}>{tOr(`realName.${c.verified_status ?? ''}`, c.verified_status ?? '—')}</Tag>
        ),
      },
      { title: t('customers.associatedOn'), key: 'associatedOn', render: (_, c) => date(c.associated_on) },
      {
        title: t('common.actions'),
        key: 'actions',
        fixed: 'right',
        render: (_, c) => {
          const customer = { id: c.customer_id ?? '', name: c.account_name ?? '' };
          return (
            <Space size={0}>
              <Button type="link" size="small" data-testid="allocate" onClick={() => setFunds({ direction: 'allocate', customer })}>
                {t('customers.allocate')}
              </Button>
              <Button type="link" size="small" data-testid="reclaim" onClick={() => setFunds({ direction: 'reclaim', customer })}>
                {t('customers.reclaim')}
              </Button>
            </Space>
          );
        },
      },
    ],
    // What the cells read.
    [t, tOr, date, revealAll, balances.data, balances.loading],
  );

  return (
    <>
      <PageHead
        title={t('customers.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-customer">
            {t('customers.create')}
          </Button>
        }
      />
      <div className="toolbar">
        {distributor && (
          <Space>
            <span>{t('customers.ofReseller')}</span>
            <ResellerSelect value={reseller} onChange={(id) => navigate(id ? `/customers?indirect_partner_id=${encodeURIComponent(id)}` : '/customers')} />
          </Space>
        )}
        <Input.Search allowClear placeholder={t('customers.searchAccount')} onSearch={setAccountName} style={{ width: 200 }} data-testid="search-account" />
        <Input.Search allowClear placeholder={t('customers.searchName')} onSearch={setRealName} style={{ width: 200 }} />
        <Select
          style={{ width: 140 }}
          value={association}
          onChange={setAssociation}
          options={[
            { value: '', label: `${t('customers.association')}: ${t('common.all')}` },
            { value: '1', label: t('association.1') },
            { value: '2', label: t('association.2') },
          ]}
        />
        <Space>
          <Switch checked={revealAll} onChange={setRevealAll} data-testid="reveal-all" />
          <span>{t('common.revealAll')}</span>
        </Space>
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<CustomerInformation>
        rowKey={(c) => c.customer_id ?? ''}
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 'max-content' }}
        data-testid="customers-table"
      />
      <CreateCustomerDialog open={creating} onClose={() => setCreating(false)} onCreated={list.reload} platformHint={platformHint} distributor={distributor} />
      {funds && (
        <CustomerFundsDialog
          open
          direction={funds.direction}
          customer={funds.customer}
          indirectPartnerId={reseller}
          onClose={() => setFunds(null)}
          onDone={balances.reload}
        />
      )}
    </>
  );
}
